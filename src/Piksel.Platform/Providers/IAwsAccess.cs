namespace Piksel.Platform.Providers;

/// <summary>How AWS is reached: one endpoint for every service (emulator, LocalStack) or AWS's own, and credentials per account.</summary>
public interface IAwsAccess
{
    /// <summary>The single endpoint for every service, or null for AWS's regional endpoints.</summary>
    Uri? ServiceUrl { get; }

    /// <summary>
    /// The endpoint of one service by its signing name (<c>sts</c>, <c>iam</c>, <c>eks</c>, <c>secretsmanager</c>…), or null
    /// for AWS's own. Default: <see cref="ServiceUrl"/>; a provider honouring <c>AWS_ENDPOINT_URL_&lt;SERVICE&gt;</c> answers per service.
    /// </summary>
    Uri? ServiceUrlFor(string service) => ServiceUrl;

    /// <summary>The environment's region.</summary>
    string Region { get; }

    /// <summary>
    /// Credentials for <paramref name="accountId"/> (the environment's, the hub's, the public datasets'). A provider
    /// refuses an account it must not touch (the <c>aws</c> provider: any other than the environment's own and its hub).
    /// </summary>
    ValueTask<AwsCredentials> GetCredentialsAsync(string accountId, CancellationToken cancellationToken);
}
