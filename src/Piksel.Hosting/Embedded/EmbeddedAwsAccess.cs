using Piksel.Platform.Providers;
using Piksel.Platform.Spec;

namespace Piksel.Hosting.Embedded;

/// <summary>The embedded emulator's endpoint and the root keys of the accounts it was started with.</summary>
internal sealed class EmbeddedAwsAccess(Uri endpoint, string region, IReadOnlyDictionary<string, AwsCredentials> credentials) : IAwsAccess
{
    public Uri? ServiceUrl => endpoint;

    public string Region => region;

    public ValueTask<AwsCredentials> GetCredentialsAsync(string accountId, CancellationToken cancellationToken) =>
        credentials.TryGetValue(accountId, out var found)
            ? ValueTask.FromResult(found)
            : throw new InvalidOperationException(
                $"The embedded provider knows no account {accountId}; it serves {string.Join(", ", credentials.Keys)}.");

    /// <summary>Root keys for an account: the default account keeps LocalStack's test/test, others get keys of their own.</summary>
    public static AwsCredentials RootKeysFor(string accountId) =>
        accountId == "000000000000"
            ? new AwsCredentials("test", new SensitiveString("test"))
            : new AwsCredentials($"root-{accountId}", new SensitiveString($"root-{accountId}-secret"));
}
