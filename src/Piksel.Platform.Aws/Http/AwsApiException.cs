using System.Net;

namespace Piksel.Platform.Aws.Http;

/// <summary>An error an AWS API answered with: its wire code (<c>NoSuchEntity</c>, <c>ResourceNotFoundException</c>…), message, status and request id.</summary>
public sealed class AwsApiException(string errorCode, string message, HttpStatusCode statusCode, string? requestId)
    : Exception($"{errorCode}: {message}")
{
    public string ErrorCode { get; } = errorCode;
    public string ErrorMessage { get; } = message;
    public HttpStatusCode StatusCode { get; } = statusCode;
    public string? RequestId { get; } = requestId;
}
