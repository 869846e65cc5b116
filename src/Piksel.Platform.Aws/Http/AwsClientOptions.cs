using Amazon.Runtime;
using Amazon.Runtime.Credentials;

namespace Piksel.Platform.Aws.Http;

/// <summary>Where an AWS API client sends its requests and with which credentials.</summary>
public sealed record AwsClientOptions
{
    /// <summary>Signing region. Default us-east-1 (IAM's signing region on the global endpoint).</summary>
    public string Region { get; init; } = "us-east-1";

    /// <summary>The endpoint, e.g. <c>http://127.0.0.1:4566</c>; null means the service's public AWS endpoint for <see cref="Region"/>.</summary>
    public Uri? ServiceUrl { get; init; }

    /// <summary>
    /// The endpoint of a service by its signing name, where it differs from <see cref="ServiceUrl"/> (the per-service
    /// <c>AWS_ENDPOINT_URL_&lt;SERVICE&gt;</c> settings). Default null: <see cref="ServiceUrl"/> for every service.
    /// </summary>
    public Func<string, Uri?>? ServiceUrls { get; init; }

    /// <summary>The endpoint for <paramref name="service"/> (signing name): its own, else <see cref="ServiceUrl"/>, else null for AWS's public one.</summary>
    public Uri? EndpointFor(string service) => ServiceUrls?.Invoke(service) ?? ServiceUrl;

    /// <summary>Credentials; null resolves them through AWSSDK.Core's default chain (env, profile, SSO, web identity, IMDS).</summary>
    public AWSCredentials? Credentials { get; init; }

    /// <summary>
    /// Attempts per call, the first included, for throttling and transient errors (1 = no retry). Default 3, the AWS
    /// SDKs' standard retry mode.
    /// </summary>
    public int MaxAttempts { get; init; } = 3;

    /// <summary>The credentials to use: <see cref="Credentials"/> or the SDK's default chain.</summary>
    public AWSCredentials ResolveCredentials() => Credentials ?? DefaultAWSCredentialsIdentityResolver.GetCredentials();
}
