using System.Collections.Concurrent;
using Amazon.Runtime;
using Amazon.SecurityToken;
using Amazon.SecurityToken.Model;
using Piksel.Platform.Aws.Handlers;
using Piksel.Platform.Providers;
using Piksel.Platform.Spec;

namespace Piksel.Hosting.Existing;

/// <summary>
/// An AWS-compatible endpoint the user runs, holding the environment's accounts and no other: credentials are handed
/// out for the environment's own account, its hub and its public datasets only, and only once STS GetCallerIdentity
/// with them names that very account (once per account), so a key of another account touches nothing.
/// </summary>
/// <param name="endpoint">The endpoint every service answers on.</param>
/// <param name="region">The environment's region.</param>
/// <param name="accounts">The environment's accounts; the first is its own.</param>
/// <param name="options">The credentials by account.</param>
public sealed class ExistingAwsAccess(Uri endpoint, string region, IReadOnlyList<string> accounts, ExistingProviderOptions options) : IAwsAccess
{
    private readonly ConcurrentDictionary<string, Lazy<Task<AwsCredentials>>> guarded = new(StringComparer.Ordinal);

    /// <inheritdoc />
    public Uri? ServiceUrl => endpoint;

    /// <inheritdoc />
    public string Region => region;

    /// <inheritdoc />
    public async ValueTask<AwsCredentials> GetCredentialsAsync(string accountId, CancellationToken cancellationToken)
    {
        if (!accounts.Contains(accountId, StringComparer.Ordinal))
        {
            throw new AwsEndpointException($"The existing provider works in the environment's accounts ({string.Join(", ", accounts)}) only; it refuses account {accountId}.");
        }

        var lazy = guarded.GetOrAdd(accountId, a => new Lazy<Task<AwsCredentials>>(() => GuardAsync(a, CancellationToken.None)));
        try
        {
            return await lazy.Value.WaitAsync(cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A refused or failed check is not remembered: the next call asks again (the endpoint may have come up).
            guarded.TryRemove(KeyValuePair.Create(accountId, lazy));
            throw;
        }
    }

    /// <summary>The credentials of <paramref name="accountId"/> once the endpoint says they are that account's.</summary>
    private async Task<AwsCredentials> GuardAsync(string accountId, CancellationToken cancellationToken)
    {
        var credentials = CredentialsOf(accountId);
        using var sts = new AmazonSecurityTokenServiceClient(AwsHandlerContext.ToSdk(credentials), AwsHandlerContext.SdkConfigFor<AmazonSecurityTokenServiceConfig>(this));
        GetCallerIdentityResponse identity;
        try
        {
            identity = await sts.GetCallerIdentityAsync(new GetCallerIdentityRequest(), cancellationToken);
        }
        catch (HttpRequestException e)
        {
            throw new AwsEndpointException($"The AWS endpoint {endpoint} does not answer ({e.Message}); start it or give --aws-endpoint URL.", e);
        }
        catch (AmazonServiceException e) when (e.InnerException is HttpRequestException inner)
        {
            throw new AwsEndpointException($"The AWS endpoint {endpoint} does not answer ({inner.Message}); start it or give --aws-endpoint URL.", e);
        }
        catch (AmazonServiceException e)
        {
            throw new AwsEndpointException(
                $"The AWS endpoint {endpoint} refused the credentials for account {accountId} (access key {credentials.AccessKeyId}): {e.ErrorCode} {e.Message}", e);
        }

        if (identity.Account != accountId)
        {
            throw new AwsEndpointException(
                $"The credentials given for account {accountId} are {identity.Arn} of account {identity.Account}; the existing provider touches the environment's accounts only, and nothing was changed.");
        }

        return credentials;
    }

    private AwsCredentials CredentialsOf(string accountId) =>
        options.Credentials.TryGetValue(accountId, out var given) ? given
        : accountId == accounts[0] ? options.EnvironmentCredentials
        // LocalStack takes a twelve-digit access key as the account it works in.
        : new AwsCredentials(accountId, new SensitiveString("test"));
}
