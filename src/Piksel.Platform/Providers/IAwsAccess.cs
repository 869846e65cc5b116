namespace Piksel.Platform.Providers;

/// <summary>How AWS is reached: one endpoint for every service (emulator, LocalStack) or AWS's own, and credentials per account.</summary>
public interface IAwsAccess
{
    /// <summary>The single endpoint for every service, or null for AWS's regional endpoints.</summary>
    Uri? ServiceUrl { get; }

    /// <summary>The environment's region.</summary>
    string Region { get; }

    /// <summary>
    /// Credentials for <paramref name="accountId"/> (the environment's, the hub's, the public datasets'). A provider
    /// refuses an account it must not touch (the <c>aws</c> provider: any other than the environment's own and its hub).
    /// </summary>
    ValueTask<AwsCredentials> GetCredentialsAsync(string accountId, CancellationToken cancellationToken);
}
