using System.Collections.Concurrent;
using Amazon.Runtime;
using Piksel.Platform.Aws.Http;
using Piksel.Platform.Providers;

namespace Piksel.Platform.Aws.Handlers;

/// <summary>
/// What every AWS handler shares: the provider's <see cref="IAwsAccess"/> (endpoint, region, credentials per account)
/// and the accounts <c>ListManaged</c> scans for resources tagged as the environment's; it keeps the clients the handlers
/// make (see <see cref="ClientAsync{T}"/>) and disposes them with itself.
/// </summary>
/// <remarks>A class, not a record: it holds a mutable client cache and disposes it, so value equality and <c>with</c> would mislead.</remarks>
/// <param name="access">The provider's AWS access.</param>
/// <param name="managedAccounts">The accounts to search for managed resources (the environment's own, its hub…).</param>
public sealed class AwsHandlerContext(IAwsAccess access, IReadOnlyList<string> managedAccounts) : IDisposable
{
    /// <summary>The provider's AWS access.</summary>
    public IAwsAccess Access { get; } = access;

    /// <summary>The accounts to search for managed resources (the environment's own, its hub…).</summary>
    public IReadOnlyList<string> ManagedAccounts { get; } = managedAccounts;

    private readonly ConcurrentDictionary<(object Owner, Type Client, string Account, string Region, AwsCredentials Credentials), Lazy<IDisposable>> clients = new();

    // One client per owner, client type, account, region and credentials, made once (Lazy: parallel first calls make one).
    private async Task<T> KeptAsync<T>(object owner, string accountId, string? region, Func<AwsCredentials, string, T> create, CancellationToken cancellationToken)
        where T : class, IDisposable
    {
        ArgumentNullException.ThrowIfNull(owner);
        ArgumentNullException.ThrowIfNull(create);
        var credentials = await Access.GetCredentialsAsync(accountId, cancellationToken);
        var resolvedRegion = region ?? Access.Region;
        var made = clients.GetOrAdd((owner, typeof(T), accountId, resolvedRegion, credentials),
            key => new Lazy<IDisposable>(() => create(key.Credentials, key.Region), LazyThreadSafetyMode.ExecutionAndPublication));
        return (T)made.Value;
    }

    /// <summary>
    /// The client (one of ours, made from <see cref="OptionsAsync"/>'s options) <paramref name="owner"/> uses for
    /// <paramref name="accountId"/> in <paramref name="region"/> (the environment's region when null): made by
    /// <paramref name="create"/> on first use and kept while the credentials stay the same. AWS clients are made to be reused: their setup (endpoint rules, handler pipeline, a connection
    /// and its pool) costs far more than a request, and one per call paid it per resource. Callers must not dispose it.
    /// </summary>
    public Task<T> ClientAsync<T>(object owner, string accountId, string? region, Func<AwsClientOptions, T> create, CancellationToken cancellationToken)
        where T : class, IDisposable =>
        KeptAsync(owner, accountId, region, (credentials, resolvedRegion) => create(Options(credentials, resolvedRegion)), cancellationToken);

    /// <summary>Like <see cref="ClientAsync{T}"/> for an AWSSDK client, made from <see cref="SdkAsync{T}"/>'s credentials and config.</summary>
    public Task<TClient> SdkClientAsync<TClient, TConfig>(object owner, string accountId, string? region, Func<AWSCredentials, TConfig, TClient> create, CancellationToken cancellationToken)
        where TClient : class, IDisposable
        where TConfig : ClientConfig, new() =>
        KeptAsync(owner, accountId, region, (credentials, resolvedRegion) => create(ToSdk(credentials), SdkConfig<TConfig>(resolvedRegion)), cancellationToken);

    /// <summary>Disposes every client made through <see cref="ClientAsync{T}"/>.</summary>
    public void Dispose()
    {
        foreach (var made in clients.Values)
        {
            if (made.IsValueCreated)
            {
                made.Value.Dispose();
            }
        }

        clients.Clear();
    }

    /// <summary>Client options for <paramref name="accountId"/> in <paramref name="region"/> (the environment's region when null).</summary>
    public async Task<AwsClientOptions> OptionsAsync(string accountId, string? region, CancellationToken cancellationToken)
    {
        var credentials = await Access.GetCredentialsAsync(accountId, cancellationToken);
        return Options(credentials, region ?? Access.Region);
    }

    private AwsClientOptions Options(AwsCredentials credentials, string region) => OptionsFor(Access, ToSdk(credentials), region);

    /// <summary>Options for our signed clients at <paramref name="access"/>'s endpoint with <paramref name="credentials"/> (the environment's region when null).</summary>
    public static AwsClientOptions OptionsFor(IAwsAccess access, AWSCredentials credentials, string? region = null)
    {
        ArgumentNullException.ThrowIfNull(access);
        return new AwsClientOptions { Region = region ?? access.Region, ServiceUrl = access.ServiceUrl, ServiceUrls = access.ServiceUrlFor, Credentials = credentials };
    }

    /// <summary>The SDK's form of <paramref name="credentials"/>.</summary>
    public static AWSCredentials ToSdk(AwsCredentials credentials) =>
        credentials.SessionToken is { } token
            ? new SessionAWSCredentials(credentials.AccessKeyId, credentials.SecretAccessKey.Reveal(), token.Reveal())
            : new BasicAWSCredentials(credentials.AccessKeyId, credentials.SecretAccessKey.Reveal());

    /// <summary>An SDK client config pointed at the provider's endpoint (path-style for S3 when an endpoint is set).</summary>
    public async Task<(AWSCredentials Credentials, T Config)> SdkAsync<T>(string accountId, string? region, CancellationToken cancellationToken)
        where T : ClientConfig, new()
    {
        var credentials = await Access.GetCredentialsAsync(accountId, cancellationToken);
        return (ToSdk(credentials), SdkConfig<T>(region ?? Access.Region));
    }

    private T SdkConfig<T>(string region)
        where T : ClientConfig, new() => SdkConfigFor<T>(Access, region);

    /// <summary>An SDK client config pointed at <paramref name="access"/>'s endpoint for its service (path-style for S3 when an endpoint is set), or AWS's regional one.</summary>
    public static T SdkConfigFor<T>(IAwsAccess access, string? region = null)
        where T : ClientConfig, new()
    {
        ArgumentNullException.ThrowIfNull(access);
        region ??= access.Region;
        var config = new T();
        var url = access.ServiceUrlFor(config.RegionEndpointServiceName);
        if (url is not null)
        {
            config.ServiceURL = url.ToString();
            config.AuthenticationRegion = region;
        }
        else
        {
            config.RegionEndpoint = Amazon.RegionEndpoint.GetBySystemName(region);
        }

        if (config is Amazon.S3.AmazonS3Config s3)
        {
            s3.ForcePathStyle = url is not null;
        }

        return config;
    }
}
