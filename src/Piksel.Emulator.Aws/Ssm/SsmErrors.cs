using Piksel.Emulator.Aws.Protocol;

namespace Piksel.Emulator.Aws.Ssm;

/// <summary>Systems Manager's Parameter Store errors with its sentences (all HTTP 400).</summary>
internal static class SsmErrors
{
    public static AwsServiceException NotFound(string name) => new("ParameterNotFound", $"Parameter {name} not found.");

    public static AwsServiceException AlreadyExists() =>
        new("ParameterAlreadyExists", "The parameter already exists. To overwrite this value, set the overwrite option in the request to true.");

    public static AwsServiceException Validation(string message) => new("ValidationException", message);

    public static AwsServiceException Reserved() =>
        new("ValidationException", "Parameter name: can't be prefixed with \"aws\" or \"ssm\" (case-insensitive). If formed as a path, it can consist of sub-paths divided by slash symbol; each sub-path can be formed as a mix of letters, numbers and the following 3 symbols .-_");

    public static AwsServiceException InvalidType(string type) =>
        new("ValidationException", $"1 validation error detected: Value '{type}' at 'type' failed to satisfy constraint: Member must satisfy enum value set: [SecureString, StringList, String]");

    public static AwsServiceException InvalidNextToken() => new("InvalidNextToken", "The specified token isn't valid.");
}
