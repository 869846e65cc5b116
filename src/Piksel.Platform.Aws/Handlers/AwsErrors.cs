using System.Net;
using Amazon.Runtime;
using Piksel.Platform.Aws.Http;
using Piksel.Platform.Providers;

namespace Piksel.Platform.Aws.Handlers;

/// <summary>
/// Turns AWS errors into the engine's signals: throttling, transient and IAM propagation errors become
/// <see cref="RetryableResourceException"/>. The handlers guard every call with it, and so does whatever else calls AWS
/// on a resource's behalf (the cluster strategy's DescribeCluster).
/// </summary>
public static class AwsErrors
{
    /// <summary>
    /// Throttling and transient codes: every code the AWS SDKs' retry handlers treat as throttling or transient
    /// (botocore's <c>_retry.json</c>, the .NET SDK's standard retry mode), and the services' own 5xx codes (IAM
    /// ServiceFailure, EKS ServerException, EC2 Unavailable, KMS KMSInternalException, STS IDPCommunicationError).
    /// </summary>
    private static readonly HashSet<string> RetryableCodes = new(StringComparer.Ordinal)
    {
        "Throttling", "ThrottlingException", "ThrottledException", "RequestThrottledException", "RequestThrottled",
        "TooManyRequestsException", "RequestLimitExceeded", "EC2ThrottledException", "SlowDown", "BandwidthLimitExceeded",
        "PriorRequestNotComplete", "ProvisionedThroughputExceededException", "TransactionInProgressException",
        "ServiceUnavailable", "ServiceUnavailableException", "Unavailable", "InternalFailure", "InternalError",
        "InternalServiceError", "InternalServerError", "ServiceFailure", "ServerException", "RequestTimeout",
        "RequestTimeoutException", "IDPCommunicationError",
        "ConcurrentModification", "ConcurrentModificationException", "OperationAbortedException", "OperationAborted",
        "ResourceInUseException", "KMSInternalException", "DependencyTimeoutException", "InvalidRequestException.Pending",
    };

    /// <summary>
    /// IAM's eventual consistency as other services report it: a role, user or policy made a moment ago is not known to
    /// them yet. The same code and words Terraform's AWS provider retries within its propagation timeout.
    /// </summary>
    private static readonly (string Code, string Words)[] PropagationErrors =
    [
        // EKS CreateCluster: "Role with arn: …, could not be assumed because it does not exist or the trusted entity is not correct".
        ("InvalidParameterException", "does not exist"),
        ("InvalidParameterException", "could not be assumed"),
        ("InvalidParameterException", "Error in role params"),
        ("InvalidParameterException", "The provided role doesn't have the Amazon EKS Managed Policies associated with it"),
        ("InvalidParameterException", "IAM role's policy must include"),
        // EKS CreateAccessEntry for a role created a moment ago.
        ("InvalidParameterException", "The specified principalArn is invalid: invalid principal"),
        // IAM trust and KMS key policies naming a principal IAM has not propagated yet; Secrets Manager resource policies.
        ("MalformedPolicyDocument", "Invalid principal in policy"),
        ("MalformedPolicyDocumentException", "invalid principals"),
        ("MalformedPolicyDocumentException", "This resource policy contains an unsupported principal"),
        // STS AssumeRole of a role made a moment ago: its trust policy has not reached STS yet, so the caller is refused.
        ("AccessDenied", "is not authorized to perform: sts:AssumeRole on resource"),
        // Lambda (and others that assume a role on create): "The role defined for the function cannot be assumed by Lambda."
        ("InvalidParameterValueException", "cannot be assumed"),
        ("InvalidParameterValue", "cannot be assumed"),
    ];

    /// <summary>True when <paramref name="exception"/> is AWS answering one of <paramref name="codes"/>.</summary>
    public static bool Is(Exception exception, params string[] codes) =>
        exception switch
        {
            AwsApiException api => codes.Contains(api.ErrorCode, StringComparer.Ordinal),
            AmazonServiceException sdk => codes.Contains(sdk.ErrorCode, StringComparer.Ordinal),
            _ => false,
        };

    /// <summary>Runs <paramref name="call"/>, mapping throttling, transient and propagation errors to <see cref="RetryableResourceException"/>.</summary>
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
        catch (Exception e) when (IsPropagation(e))
        {
            throw new RetryableResourceException($"{what}: IAM has not propagated the change yet ({Code(e)}).", e);
        }
    }

    /// <summary>Runs <paramref name="call"/>, mapping throttling, transient and propagation errors to <see cref="RetryableResourceException"/>.</summary>
    public static Task Guard(string what, Func<Task> call) => Guard(what, async () =>
    {
        await call();
        return true;
    });

    /// <summary>True for throttling, a server-side failure or a network error: the same call may well succeed later.</summary>
    public static bool IsRetryable(Exception e) => e switch
    {
        AwsApiException api => RetryableCodes.Contains(api.ErrorCode) || IsTransientStatus(api.StatusCode),
        AmazonServiceException sdk => RetryableCodes.Contains(sdk.ErrorCode ?? "") || IsTransientStatus(sdk.StatusCode),
        HttpRequestException => true,
        _ => false,
    };

    /// <summary>True when another service refuses because IAM has not propagated a new role, user or policy to it yet.</summary>
    public static bool IsPropagation(Exception e)
    {
        var (code, message) = e switch
        {
            AwsApiException api => (api.ErrorCode, api.ErrorMessage),
            AmazonServiceException sdk => (sdk.ErrorCode ?? "", sdk.Message ?? ""),
            _ => ("", ""),
        };
        return PropagationErrors.Any(p => p.Code == code && message.Contains(p.Words, StringComparison.Ordinal));
    }

    // 429 and the 5xx statuses the SDKs retry whatever the code (a proxy or load balancer may answer them).
    private static bool IsTransientStatus(HttpStatusCode status) =>
        status is HttpStatusCode.TooManyRequests or HttpStatusCode.InternalServerError or HttpStatusCode.BadGateway
            or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout;

    private static string Code(Exception e) => e switch
    {
        AwsApiException api => api.ErrorCode,
        AmazonServiceException sdk => sdk.ErrorCode ?? sdk.StatusCode.ToString(),
        _ => e.GetType().Name,
    };
}
