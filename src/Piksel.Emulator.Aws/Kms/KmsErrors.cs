using Piksel.Emulator.Aws.Protocol;

namespace Piksel.Emulator.Aws.Kms;

/// <summary>KMS's error codes with AWS's sentences. All are HTTP 400 with <c>__type</c>.</summary>
internal static class KmsErrors
{
    public static AwsServiceException KeyNotFound(string arn) => new("NotFoundException", $"Key '{arn}' does not exist");

    public static AwsServiceException AliasNotFound(string aliasArn) => new("NotFoundException", $"Alias {aliasArn} is not found.");

    public static AwsServiceException InvalidKeyId(string keyId) => new("NotFoundException", $"Invalid keyId '{keyId}'");

    public static AwsServiceException Disabled(string arn) => new("DisabledException", $"{arn} is disabled.");

    public static AwsServiceException PendingDeletion(string arn) => new("KMSInvalidStateException", $"{arn} is pending deletion.");

    public static AwsServiceException InvalidState(string message) => new("KMSInvalidStateException", message);

    public static AwsServiceException InvalidCiphertext() => new("InvalidCiphertextException", "");

    public static AwsServiceException IncorrectKey() => new("IncorrectKeyException",
        "The key ID in the request does not identify a KMS key that can perform this operation.");

    public static AwsServiceException Validation(string message) => new("ValidationException", message);

    public static AwsServiceException Constraint(string value, string member, string constraint) =>
        Validation($"1 validation error detected: Value '{value}' at '{member}' failed to satisfy constraint: {constraint}");

    public static AwsServiceException MalformedPolicy(string message) => new("MalformedPolicyDocumentException", message);
}
