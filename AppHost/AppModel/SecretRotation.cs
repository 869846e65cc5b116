using Piksel.Platform.Aws.Handlers;
using Piksel.Platform.Aws.SecretsManager;
using Piksel.Platform.Engine;
using Piksel.Platform.Providers;
using Piksel.Platform.Spec;
using Piksel.Platform.Spec.Aws;

namespace Piksel.AppHost.AppModel;

/// <summary>
/// The secrets group's "rotate" command: a generated secret gets a new value, made by Secrets Manager's
/// GetRandomPassword with the spec's rules and stored by PutSecretValue as a new version (AWSCURRENT moves to it,
/// the old one becomes AWSPREVIOUS); then the platform is applied so what takes the value from the secret (a database
/// role's password) gets it, and every ExternalSecret that reads it is synced at once. The engine never regenerates a
/// secret it finds, so later applies keep the new value. No value is logged or returned.
/// </summary>
internal sealed class SecretRotation(IPlatformProvider provider, PlatformSpec spec, SecretSyncs syncs)
{
    /// <summary>The spec's generated secrets, by name.</summary>
    public IReadOnlyList<SecretsManagerSecret> Generated { get; } =
        [.. spec.OfKind<SecretsManagerSecret>().Where(s => s.Generate is not null).OrderBy(s => s.Name, StringComparer.Ordinal)];

    /// <summary>Rotates the generated secret named <paramref name="name"/> (or the only one, when the spec has one).</summary>
    public async Task<CommandOutcome> RotateAsync(string? name, CancellationToken cancellationToken)
    {
        var secret = string.IsNullOrWhiteSpace(name)
            ? Generated.Count == 1 ? Generated[0] : null
            : Generated.FirstOrDefault(s => s.Name == name.Trim());
        if (secret is null)
        {
            var known = Generated.Count == 0 ? "the platform has no generated secret" : $"generated secrets: {string.Join(", ", Generated.Select(s => s.Name))}";
            return new CommandOutcome(false, string.IsNullOrWhiteSpace(name) ? $"name the secret to rotate; {known}" : $"no generated secret named {name.Trim()}; {known}");
        }

        var credentials = await provider.Aws.GetCredentialsAsync(secret.Account, cancellationToken);
        using var client = new SecretsManagerClient(AwsHandlerContext.OptionsFor(provider.Aws, AwsHandlerContext.ToSdk(credentials), secret.Region));
        var value = await client.GetRandomPasswordAsync(SecretsManagerSecretHandler.PasswordRequest(secret.Generate!), cancellationToken);
        var put = await client.PutSecretValueAsync(secret.Name, value, cancellationToken: cancellationToken);
        // What holds the old value (a PostgresRole's password) shows as drift now: carry the new one to it.
        var engine = new PlatformEngine();
        var plan = await engine.PlanAsync(spec, provider, cancellationToken: cancellationToken);
        var carried = plan.Changes.Where(c => c.Kind != ChangeKind.NoChange).Select(c => c.Id.ToString()).ToList();
        if (carried.Count > 0) await engine.ApplyAsync(plan, provider, cancellationToken: cancellationToken);
        var readers = syncs.All.Where(e => e.Keys.Any(k => k.RemoteKey == secret.Name)).ToList();
        foreach (var external in readers) await syncs.ForceSyncAsync(external, cancellationToken);
        var synced = readers.Count == 0 ? "no ExternalSecret reads it" : $"re-synced {string.Join(", ", readers.Select(e => e.Key))}";
        var applied = carried.Count == 0 ? "" : $"; applied to {string.Join(", ", carried)}";
        return new CommandOutcome(true, $"rotated {secret.Name}: new version {put.VersionId}{applied}; {synced}");
    }
}
