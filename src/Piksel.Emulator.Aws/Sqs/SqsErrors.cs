using System.Net;
using Piksel.Emulator.Aws.Protocol;

namespace Piksel.Emulator.Aws.Sqs;

/// <summary>
/// SQS's errors. The wire code is the query protocol's (<c>AWS.SimpleQueueService.NonExistentQueue</c>), which the JSON
/// protocol also sends in <c>x-amzn-query-error</c>; the JSON <c>__type</c> is the error's shape name in the model.
/// </summary>
internal static class SqsErrors
{
    private static AwsServiceException Error(string code, string shape, string message, HttpStatusCode status = HttpStatusCode.BadRequest) =>
        new(code, message, status) { Details = new Dictionary<string, string> { ["__type"] = "com.amazonaws.sqs#" + shape } };

    public static AwsServiceException NonExistentQueue() =>
        Error("AWS.SimpleQueueService.NonExistentQueue", "QueueDoesNotExist", "The specified queue does not exist.");

    public static AwsServiceException QueueAlreadyExists(string attribute) =>
        Error("QueueAlreadyExists", "QueueNameExists", $"A queue already exists with the same name and a different value for attribute {attribute}");

    public static AwsServiceException InvalidAttributeName(string name) =>
        Error("InvalidAttributeName", "InvalidAttributeName", $"Unknown Attribute {name}.");

    public static AwsServiceException InvalidAttributeValue(string name, string why) =>
        Error("InvalidAttributeValue", "InvalidAttributeValue", $"Invalid value for the parameter {name}. Reason: {why}");

    public static AwsServiceException InvalidParameterValue(string message) =>
        Error("InvalidParameterValue", "InvalidParameterValueException", message);

    public static AwsServiceException MissingParameter(string name) =>
        Error("MissingParameter", "MissingRequiredParameterException", $"The request must contain the parameter {name}.");

    public static AwsServiceException ReceiptHandleIsInvalid(string handle) =>
        Error("ReceiptHandleIsInvalid", "ReceiptHandleIsInvalid", $"The input receipt handle \"{handle}\" is not a valid receipt handle.");

    public static AwsServiceException MessageNotInflight() =>
        Error("AWS.SimpleQueueService.MessageNotInflight", "MessageNotInflight", "The message referred to isn't in flight.");

    public static AwsServiceException PurgeInProgress(string queueUrl) =>
        Error("AWS.SimpleQueueService.PurgeQueueInProgress", "PurgeQueueInProgress",
            $"Only one PurgeQueue operation on {queueUrl} is allowed every 60 seconds.", HttpStatusCode.Forbidden);

    public static AwsServiceException EmptyBatch() =>
        Error("AWS.SimpleQueueService.EmptyBatchRequest", "EmptyBatchRequest", "There should be at least one SendMessageBatchRequestEntry in the request.");

    public static AwsServiceException TooManyEntries(int count) =>
        Error("AWS.SimpleQueueService.TooManyEntriesInBatchRequest", "TooManyEntriesInBatchRequest", $"Maximum number of entries per request are 10. You have sent {count}.");

    public static AwsServiceException DistinctIds() =>
        Error("AWS.SimpleQueueService.BatchEntryIdsNotDistinct", "BatchEntryIdsNotDistinct", "Two or more batch entries in the request have the same Id.");

    public static AwsServiceException InvalidBatchEntryId() =>
        Error("AWS.SimpleQueueService.InvalidBatchEntryId", "InvalidBatchEntryId",
            "A batch entry id can only contain alphanumeric characters, hyphens and underscores. It can be at most 80 letters long.");

    public static AwsServiceException TooManyTags() =>
        Error("InvalidParameterValue", "InvalidParameterValueException", "Too many tags added for queue. A queue can have at most 50 tags.");

    public static AwsServiceException UnknownAction(string action) =>
        new("InvalidAction", $"The action {action} is not valid for this endpoint.");
}
