using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Piksel.Emulator.Aws.Hosting;
using Piksel.Emulator.Aws.Hosting.Operations;
using Piksel.Emulator.Aws.Policy;
using Piksel.Emulator.Aws.Protocol;
using Piksel.Emulator.Aws.State;

namespace Piksel.Emulator.Aws.SecretsManager;

/// <summary>
/// Secrets Manager's durable table and how a secret is keyed, found (by name, full or partial ARN) and authorized:
/// its ARN, its resource policy, its account and its condition keys.
/// </summary>
internal sealed class SecretsStore(EmulatorState state)
{
    /// <summary>Secrets by <c>account/region/name</c>.</summary>
    public Table<SecretRecord> Secrets { get; } = state.Store.Table<SecretRecord>("secretsmanager.secrets");

    /// <summary>The row of a secret: <c>account/region/name</c>.</summary>
    public static string Row(string account, string region, string name) => $"{account}/{region}/{name}";

    public static string Row(SecretRecord secret) => Row(secret.Account, secret.Region, secret.Name);

    /// <summary>A new secret's ARN: its name and six random characters, as AWS makes them.</summary>
    public static string NewArn(AwsRequestContext context, string name)
    {
        const string alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
        return $"arn:aws:secretsmanager:{context.Region}:{context.AccountId}:secret:{name}-{RandomNumberGenerator.GetString(alphabet, 6)}";
    }

    /// <summary>
    /// The secret named by <c>SecretId</c> (name, full ARN or partial ARN without the random suffix) and what an action
    /// on it is authorized against. A missing secret is authorized on the ARN it would have, before ResourceNotFoundException,
    /// so callers without rights learn nothing about existence.
    /// </summary>
    public SecretTarget Target(AwsRequestContext context, JsonObject body)
    {
        var id = body.RequiredString("SecretId");
        var (account, region, secret) = Lookup(context, id);
        return secret is null
            ? new SecretTarget(null, new Access($"arn:aws:secretsmanager:{region}:{account}:secret:{NameFromId(id)}") { ResourceAccount = account })
            : new SecretTarget(secret, AccessTo(secret));
    }

    /// <summary>The secret as a resource: its ARN, resource policy, account, and the keys secretsmanager:SecretId, :Name and its tags.</summary>
    public static Access AccessTo(SecretRecord secret)
    {
        var keys = new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase)
        {
            ["secretsmanager:SecretId"] = [secret.Arn],
            ["secretsmanager:Name"] = [secret.Name],
        };
        foreach (var tag in secret.Tags)
        {
            keys[$"secretsmanager:ResourceTag/{tag.Key}"] = [tag.Value];
            keys[$"aws:ResourceTag/{tag.Key}"] = [tag.Value];
        }
        return new Access(secret.Arn)
        {
            ResourcePolicy = secret.ResourcePolicy is { } policy ? new ResourcePolicy(policy) : null,
            ResourceAccount = secret.Account,
            ContextKeys = keys,
        };
    }

    /// <summary>The live secret stored under <paramref name="row"/>, or null.</summary>
    public SecretRecord? Find(string row) => Live(Secrets.Find(row));

    /// <summary>The live secrets of an account and region (expired deletions are purged on the way).</summary>
    public IEnumerable<SecretRecord> SecretsOf(string account, string region) =>
        Secrets.Values.Where(s => s.Account == account && s.Region == region).Select(Live).OfType<SecretRecord>();

    /// <summary>Applies <paramref name="change"/> to the secret as stored now; a secret gone meanwhile is ResourceNotFoundException.</summary>
    public SecretRecord Mutate(SecretRecord secret, Func<SecretRecord, SecretRecord> change) =>
        Secrets.Update(Row(secret), current => current is null ? throw SecretsManagerErrors.NotFound() : change(current))!;

    /// <summary>Records a read of <paramref name="version"/>. AWS keeps the day only, so this writes at most once a day per version.</summary>
    public void Touch(SecretRecord secret, SecretVersionRecord version, DateTimeOffset now)
    {
        var day = new DateTimeOffset(now.UtcDateTime.Date, TimeSpan.Zero);
        if (secret.LastAccessedDate == day && version.LastAccessedDate == day) return;
        Secrets.Update(Row(secret), current => current is null ? null : current with
        {
            LastAccessedDate = day,
            Versions = [.. current.Versions.Select(v => v.VersionId == version.VersionId ? v with { LastAccessedDate = day } : v)],
        });
    }

    private (string Account, string Region, SecretRecord? Secret) Lookup(AwsRequestContext context, string id)
    {
        if (id.StartsWith("arn:", StringComparison.Ordinal))
        {
            var arn = Arn.TryParse(id);
            if (arn is null || arn.Service != "secretsmanager" || !arn.Resource.StartsWith("secret:", StringComparison.Ordinal))
                throw SecretsManagerErrors.Validation("Invalid SecretId: an ARN must name a Secrets Manager secret.");
            var exact = Secrets.Values.FirstOrDefault(s => s.Arn == id);
            return (arn.Account, arn.Region, Live(exact ?? Secrets.Find(Row(arn.Account, arn.Region, arn.Resource["secret:".Length..]))));
        }
        return (context.AccountId, context.Region, Live(Secrets.Find(Row(context.AccountId, context.Region, id))));
    }

    private static string NameFromId(string id) => Arn.TryParse(id) is { } arn ? arn.Resource["secret:".Length..] : id;

    // A secret whose recovery window has passed is gone for good, as AWS purges it at the deadline.
    private SecretRecord? Live(SecretRecord? secret)
    {
        if (secret?.DeletionDate is not { } deadline || deadline > state.Time.GetUtcNow()) return secret;
        Secrets.Remove(Row(secret));
        return null;
    }
}
