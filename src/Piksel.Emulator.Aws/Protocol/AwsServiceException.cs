using System.Net;

namespace Piksel.Emulator.Aws.Protocol;

/// <summary>An error the emulator answers with, in the shape of the service's protocol.</summary>
/// <remarks>
/// <paramref name="code"/> is the wire code (<c>NoSuchEntity</c>, <c>ResourceNotFoundException</c>, <c>NoSuchBucket</c>), not the SDK's exception name.
/// </remarks>
public class AwsServiceException(string code, string message, HttpStatusCode statusCode = HttpStatusCode.BadRequest, bool senderFault = true)
    : Exception(message)
{
    /// <summary>The error code as it travels on the wire.</summary>
    public string Code { get; } = code;

    /// <summary>The HTTP status answered.</summary>
    public HttpStatusCode StatusCode { get; } = statusCode;

    /// <summary>Sender (client) or Receiver (server) fault, for query protocols.</summary>
    public bool SenderFault { get; } = senderFault;

    /// <summary>Extra elements for REST-XML errors (S3's BucketName, Key, Resource...).</summary>
    public IReadOnlyDictionary<string, string> Details { get; init; } = new Dictionary<string, string>();
}
