using Amazon.Runtime;
using Piksel.Platform.Providers;
using Piksel.Platform.Spec;

namespace Piksel.Hosting.Aws;

/// <summary>
/// The <c>aws</c> provider's access: the environment's account with the credentials the chain found (checked by the
/// account guard), the hub through its assumed role, and no other account.
/// </summary>
internal sealed class AwsAccountAccess(AwsEndpoints endpoints, string region, string account, AWSCredentials credentials, string hubAccount, HubSession? hub) : IAwsAccess
{
    /// <inheritdoc />
    public Uri? ServiceUrl => endpoints.Global;

    /// <inheritdoc />
    public Uri? ServiceUrlFor(string service) => endpoints.For(service);

    /// <inheritdoc />
    public string Region => region;

    /// <inheritdoc />
    public async ValueTask<AwsCredentials> GetCredentialsAsync(string accountId, CancellationToken cancellationToken)
    {
        if (accountId == account)
        {
            // Asked each time: the chain's credentials renew themselves (SSO, web identity, instance roles).
            var current = await credentials.GetCredentialsAsync();
            return new AwsCredentials(current.AccessKey, new SensitiveString(current.SecretKey), current.UseToken ? new SensitiveString(current.Token) : null);
        }

        if (accountId == hubAccount && hub is not null)
        {
            return await hub.GetAsync(cancellationToken);
        }

        throw new InvalidOperationException(
            $"The aws provider touches only the environment's account {account} and its hub {hubAccount}; account {accountId} was refused.");
    }
}
