using System.Net;
using Amazon.Runtime;
using Piksel.Platform.Aws.Http;
using Piksel.Platform.Providers;

namespace Piksel.Platform.Aws.Handlers;

/// <summary>Turns AWS errors into the engine's signals.</summary>
internal static class AwsErrors
{
    private static readonly HashSet<string> RetryableCodes = new(StringComparer.Ordinal)
    {
        "Throttling", "ThrottlingException", "TooManyRequestsException", "RequestLimitExceeded", "SlowDown",
        "ServiceUnavailable", "ServiceUnavailableException", "InternalFailure", "InternalError", "InternalServiceError",
        "ConcurrentModification", "ConcurrentModificationException", "OperationAbortedException", "OperationAborted",
        "ResourceInUseException", "KMSInternalException", "DependencyTimeoutException", "InvalidRequestException.Pending",
    };

    /// <summary>True when <paramref name="exception"/> is AWS answering one of <paramref name="codes"/>.</summary>
    public static bool Is(Exception exception, params string[] codes) =>
        exception switch
        {
            AwsApiException api => codes.Contains(api.ErrorCode, StringComparer.Ordinal),
            AmazonServiceException sdk => codes.Contains(sdk.ErrorCode, StringComparer.Ordinal),
            _ => false,
        };

    /// <summary>Runs <paramref name="call"/>, mapping throttling and transient errors to <see cref="RetryableResourceException"/>.</summary>
    public static async Task<T> Guard<T>(string what, Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (Exception e) when (IsRetryable(e))
        {
            throw new RetryableResourceException($"{what}: AWS asked to retry ({Code(e)}).", e);
        }
    }

    /// <summary>Runs <paramref name="call"/>, mapping throttling and transient errors to <see cref="RetryableResourceException"/>.</summary>
    public static Task Guard(string what, Func<Task> call) => Guard(what, async () =>
    {
        await call();
        return true;
    });

    private static bool IsRetryable(Exception e) => e switch
    {
        AwsApiException api => RetryableCodes.Contains(api.ErrorCode) || api.StatusCode is HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable,
        AmazonServiceException sdk => RetryableCodes.Contains(sdk.ErrorCode ?? "") || sdk.StatusCode is HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable,
        HttpRequestException => true,
        _ => false,
    };

    private static string Code(Exception e) => e switch
    {
        AwsApiException api => api.ErrorCode,
        AmazonServiceException sdk => sdk.ErrorCode ?? sdk.StatusCode.ToString(),
        _ => e.GetType().Name,
    };
}
