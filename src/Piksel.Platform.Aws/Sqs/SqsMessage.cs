namespace Piksel.Platform.Aws.Sqs;

/// <summary>A received message: its id, the handle to delete it with, its body and the system attributes asked for.</summary>
public sealed record SqsMessage(string MessageId, string ReceiptHandle, string Body, string Md5OfBody, IReadOnlyDictionary<string, string> Attributes);

/// <summary>A sent message's id and the digest SQS computed of its body.</summary>
public sealed record SqsSent(string MessageId, string Md5OfMessageBody, string? Md5OfMessageAttributes);

/// <summary>A batch's outcome: ids that were accepted, and the code of each refused one.</summary>
public sealed record SqsBatchResult(IReadOnlyList<string> Successful, IReadOnlyDictionary<string, string> Failed);
