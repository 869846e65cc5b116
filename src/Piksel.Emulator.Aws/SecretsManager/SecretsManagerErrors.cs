using Piksel.Emulator.Aws.Protocol;

namespace Piksel.Emulator.Aws.SecretsManager;

/// <summary>Secrets Manager's error codes with AWS's sentences (all HTTP 400).</summary>
internal static class SecretsManagerErrors
{
    public static AwsServiceException NotFound() => new("ResourceNotFoundException", "Secrets Manager can't find the specified secret.");

    public static AwsServiceException VersionNotFound(string versionId) =>
        new("ResourceNotFoundException", $"Secrets Manager can't find the specified secret value for VersionId: {versionId}");

    public static AwsServiceException StageNotFound(string stage) =>
        new("ResourceNotFoundException", $"Secrets Manager can't find the specified secret value for staging label: {stage}");

    public static AwsServiceException MarkedForDeletion() =>
        new("InvalidRequestException", "You can't perform this operation on the secret because it was marked for deletion.");

    public static AwsServiceException InvalidParameter(string message) => new("InvalidParameterException", message);

    public static AwsServiceException InvalidRequest(string message) => new("InvalidRequestException", message);

    public static AwsServiceException Exists(string message) => new("ResourceExistsException", message);

    public static AwsServiceException Validation(string message) => new("ValidationException", message);

    public static AwsServiceException KmsAccessDenied() => new("AccessDeniedException", "Access to KMS is not allowed");

    public static AwsServiceException EncryptionFailure() => new("EncryptionFailure",
        "Secrets Manager can't encrypt the protected secret text using the provided KMS key. Check that the KMS key is available, enabled, and not in an invalid state.");

    public static AwsServiceException DecryptionFailure() => new("DecryptionFailure",
        "Secrets Manager can't decrypt the protected secret text using the provided KMS key. Check that the KMS key is available, enabled, and not in an invalid state.");
}
