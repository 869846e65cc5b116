using System.Net;
using System.Text.RegularExpressions;
using Polly;
using Polly.Retry;

namespace Piksel.Platform.Aws.Http;

/// <summary>
/// Retries one call the way the AWS SDKs' standard retry mode does: throttling codes, transient server errors (HTTP 500,
/// 502, 503, 504 and 429) and network failures are tried again, up to <see cref="AwsClientOptions.MaxAttempts"/> in all,
/// with exponential backoff and full jitter from 100 ms, never above 20 s. It sits before the signing handler, so each
/// attempt is signed anew. What is still failing afterwards reaches the caller (and the engine's own retries).
/// </summary>
public sealed partial class AwsRetryHandler : DelegatingHandler
{
    /// <summary>The codes the SDKs' standard mode treats as throttling or transient, whatever the HTTP status.</summary>
    private static readonly HashSet<string> RetryableCodes = new(StringComparer.Ordinal)
    {
        "Throttling", "ThrottlingException", "ThrottledException", "RequestThrottledException", "TooManyRequestsException",
        "ProvisionedThroughputExceededException", "TransactionInProgressException", "RequestLimitExceeded",
        "BandwidthLimitExceeded", "LimitExceededException", "RequestThrottled", "SlowDown", "PriorRequestNotComplete",
        "EC2ThrottledException", "RequestTimeout", "RequestTimeoutException", "IDPCommunicationError",
    };

    private readonly ResiliencePipeline<HttpResponseMessage> pipeline;

    /// <summary>Retries calls through <paramref name="inner"/> up to <paramref name="maxAttempts"/> times in all; delays run on <paramref name="time"/>.</summary>
    public AwsRetryHandler(HttpMessageHandler inner, int maxAttempts = 3, TimeProvider? time = null)
        : base(inner)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxAttempts, 1);
        var builder = new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = time ?? TimeProvider.System };
        if (maxAttempts > 1)
        {
            builder.AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                MaxRetryAttempts = maxAttempts - 1,
                BackoffType = DelayBackoffType.Exponential,
                Delay = TimeSpan.FromMilliseconds(100),
                MaxDelay = TimeSpan.FromSeconds(20),
                UseJitter = true,
                ShouldHandle = args => args.Outcome switch
                {
                    { Exception: HttpRequestException } => PredicateResult.True(),
                    { Result: { } response } => IsRetryableAsync(response, args.Context.CancellationToken),
                    _ => PredicateResult.False(),
                },
                // The refused answer is not handed back to anyone: free its connection before the next attempt.
                OnRetry = args =>
                {
                    args.Outcome.Result?.Dispose();
                    return default;
                },
            });
        }

        pipeline = builder.Build();
    }

    /// <inheritdoc />
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
        await pipeline.ExecuteAsync(async token => await base.SendAsync(request, token), cancellationToken);

    /// <summary>True when <paramref name="response"/> is a throttling or transient AWS error (its body stays readable).</summary>
    public static async ValueTask<bool> IsRetryableAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(response);
        if (response.IsSuccessStatusCode) return false;
        if (response.StatusCode is HttpStatusCode.TooManyRequests or HttpStatusCode.InternalServerError or HttpStatusCode.BadGateway
            or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout)
        {
            return true;
        }

        if (response.Headers.TryGetValues("x-amzn-ErrorType", out var types) && RetryableCodes.Contains(types.First().Split(':')[0]))
            return true;
        // Error bodies are small; buffering keeps the body readable for the client after this look.
        await response.Content.LoadIntoBufferAsync(cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        var match = ErrorCode().Match(body);
        return match.Success && RetryableCodes.Contains(match.Groups["code"].Value);
    }

    // <Code>Throttling</Code> (query, EC2, REST-XML) or "__type": "ns#ThrottlingException" / "code": "…" (JSON).
    [GeneratedRegex("""<Code>(?<code>[A-Za-z0-9.]+)</Code>|"(?:__type|code)"\s*:\s*"(?:[^"#]*#)?(?<code>[A-Za-z0-9.]+)""", RegexOptions.CultureInvariant, 1000)]
    private static partial Regex ErrorCode();
}
