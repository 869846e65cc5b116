using Piksel.Emulator.Aws.Protocol;

namespace Piksel.Emulator.Aws.Logs;

/// <summary>CloudWatch Logs' error codes with its sentences (all HTTP 400, AccessDeniedException included).</summary>
internal static class LogsErrors
{
    public static AwsServiceException GroupNotFound() => new("ResourceNotFoundException", "The specified log group does not exist.");

    public static AwsServiceException StreamNotFound() => new("ResourceNotFoundException", "The specified log stream does not exist.");

    public static AwsServiceException GroupExists() => new("ResourceAlreadyExistsException", "The specified log group already exists");

    public static AwsServiceException StreamExists() => new("ResourceAlreadyExistsException", "The specified log stream already exists");

    public static AwsServiceException InvalidParameter(string message) => new("InvalidParameterException", message);

    public static AwsServiceException Validation(string member, string value, string constraint) =>
        new("InvalidParameterException", $"1 validation error detected: Value '{value}' at '{member}' failed to satisfy constraint: {constraint}");

    public static AwsServiceException Missing(string member) =>
        new("InvalidParameterException", $"1 validation error detected: Value null at '{member}' failed to satisfy constraint: Member must not be null");

    public static AwsServiceException InvalidToken() => new("InvalidParameterException", "The specified nextToken is invalid.");

    public static AwsServiceException TagWithoutPermission(string account) => new("AccessDeniedException",
        $"User with accountId: {account} is not authorized to perform CreateLogGroup with Tags. An additional permission \"logs:TagResource\" is required.");
}
