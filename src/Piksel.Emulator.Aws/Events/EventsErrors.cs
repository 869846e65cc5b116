using Piksel.Emulator.Aws.Protocol;

namespace Piksel.Emulator.Aws.Events;

/// <summary>EventBridge's error codes with its sentences (all HTTP 400).</summary>
internal static class EventsErrors
{
    public static AwsServiceException RuleNotFound(string name, string bus = "default") =>
        new("ResourceNotFoundException", $"Rule {name} does not exist on EventBus {bus}.");

    public static AwsServiceException BusNotFound(string bus) => new("ResourceNotFoundException", $"Event bus {bus} does not exist.");

    public static AwsServiceException InvalidPattern(string reason) => new("InvalidEventPatternException", $"Event pattern is not valid. Reason: {reason}");

    public static AwsServiceException Validation(string message) => new("ValidationException", message);

    public static AwsServiceException TargetsRemain() =>
        new("ValidationException", "Rule can't be deleted since it has targets.");

    public static AwsServiceException LimitExceeded(string message) => new("LimitExceededException", message);
}
