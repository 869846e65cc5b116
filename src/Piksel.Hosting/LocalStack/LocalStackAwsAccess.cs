using System.Text.RegularExpressions;
using Piksel.Platform.Providers;
using Piksel.Platform.Spec;

namespace Piksel.Hosting.LocalStack;

/// <summary>
/// LocalStack's endpoint and its convention for accounts: an access key id of twelve digits selects that account
/// (LocalStack's "multi-account setups"; the secret key is not checked unless IAM enforcement is on), so the
/// environment's, the hub's and the public datasets' accounts live side by side in one container.
/// </summary>
internal sealed partial class LocalStackAwsAccess(Uri endpoint, string region, IReadOnlyCollection<string> accounts) : IAwsAccess
{
    /// <summary>The secret key LocalStack's documentation pairs with its keys; any value is accepted.</summary>
    private const string SecretAccessKey = "test";

    public Uri? ServiceUrl => endpoint;

    public string Region => region;

    public ValueTask<AwsCredentials> GetCredentialsAsync(string accountId, CancellationToken cancellationToken)
    {
        if (!accounts.Contains(accountId))
        {
            throw new InvalidOperationException(
                $"The localstack provider serves the accounts {string.Join(", ", accounts)}, not {accountId}.");
        }

        return ValueTask.FromResult(KeysFor(accountId));
    }

    /// <summary>The keys that select <paramref name="accountId"/> in LocalStack: the account id itself as the access key id.</summary>
    public static AwsCredentials KeysFor(string accountId)
    {
        if (!AccountId().IsMatch(accountId))
        {
            throw new ArgumentException($"'{accountId}' is not an AWS account id (twelve digits).", nameof(accountId));
        }

        return new AwsCredentials(accountId, new SensitiveString(SecretAccessKey));
    }

    [GeneratedRegex("^[0-9]{12}$")]
    private static partial Regex AccountId();
}
