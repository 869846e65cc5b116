using System.Text.Json.Nodes;
using Piksel.Platform.Settings;
using Piksel.Platform.Spec;
using Piksel.Platform.Spec.Aws;

namespace Piksel.Platform.Definition;

/// <summary>
/// The generated and manual secrets in Secrets Manager, under <c>piksel/&lt;env&gt;/</c>, encrypted with the platform
/// key. Outputs <c>secrets.&lt;name&gt;</c> (secret ARN).
/// </summary>
internal sealed class SecretsDefinition : IDefinitionArea
{
    private const string DatabasePunctuation = "#$&*+-=";
    private const string ServicePunctuation = "@#$&*+-=";

    /// <summary>The generated secrets of PLATFORM.md with their punctuation (letters and digits in all).</summary>
    public static IReadOnlyList<(string Name, string Punctuation)> GeneratedSecrets { get; } =
    [
        ("database-password", DatabasePunctuation),
        ("argo-workflows-password", ServicePunctuation),
        ("grafana-db-password", ServicePunctuation),
        ("odc-password", ServicePunctuation),
        ("odc-read-password", ServicePunctuation),
        ("stac-write-password", ServicePunctuation),
        ("stac-read-password", ServicePunctuation),
        ("jupyterhub-password", ""),
    ];

    private readonly DefinitionContext context;
    private readonly OutputRef platformKeyArn;
    private readonly List<(string Name, SecretsManagerSecret Secret)> secrets = [];

    /// <summary>The secrets of <paramref name="context"/>'s environment, encrypted with <paramref name="platformKeyArn"/>.</summary>
    public SecretsDefinition(DefinitionContext context, OutputRef platformKeyArn)
    {
        this.context = context;
        this.platformKeyArn = platformKeyArn;
        var settings = context.Settings;
        foreach (var (name, punctuation) in GeneratedSecrets)
        {
            secrets.Add((name, Secret(name, $"Piksel {settings.Name}: generated, never rotated by apply") with
            {
                Generate = new SecretGeneration { Length = 32, Punctuation = punctuation },
            }));
        }

        foreach (var name in ManualSecrets.Names)
        {
            settings.ManualSecrets.TryGetValue(name, out var input);
            secrets.Add((name, Secret(name, $"Piksel {settings.Name}: manual, supplied as input {name}") with
            {
                ManualInput = name,
                Value = input is null ? null : StoredForm(name, input),
            }));
        }

        Ids = secrets.ToDictionary(s => s.Name, s => s.Secret.Id, StringComparer.Ordinal);
    }

    /// <summary>Each secret's resource, by its name under <c>piksel/&lt;env&gt;/</c>.</summary>
    public IReadOnlyDictionary<string, ResourceId> Ids { get; }

    /// <inheritdoc />
    public IReadOnlyList<PlatformResource> Resources => secrets.Select(s => (PlatformResource)s.Secret).ToArray();

    /// <inheritdoc />
    public IReadOnlyList<PlatformOutput> Outputs => secrets.Select(s => new PlatformOutput($"secrets.{s.Name}", s.Secret.Arn.Token)).ToArray();

    private SecretsManagerSecret Secret(string name, string description) => new()
    {
        Name = context.Names.Secret(name),
        Account = context.Settings.Account,
        Region = context.Settings.Region,
        Description = description,
        KmsKeyId = platformKeyArn.Token,
        Tags = context.Tags,
    };

    /// <summary>
    /// OAuth inputs (<c>client_id:client_secret</c>) are stored as JSON with <c>client_id</c> and <c>client_secret</c>,
    /// so an ExternalSecret can take each half as a property; other inputs are stored as given.
    /// </summary>
    private static SensitiveString StoredForm(string name, SensitiveString input)
    {
        if (!ManualSecrets.IsOAuth(name))
        {
            return input;
        }

        var text = input.Reveal();
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        var json = new JsonObject { ["client_id"] = text[..colon], ["client_secret"] = text[(colon + 1)..] };
        return new SensitiveString(json.ToJsonString());
    }
}
