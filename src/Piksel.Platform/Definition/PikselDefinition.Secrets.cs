using System.Text.Json.Nodes;
using Piksel.Platform.Settings;
using Piksel.Platform.Spec;
using Piksel.Platform.Spec.Aws;

namespace Piksel.Platform.Definition;

/// <summary>The generated and manual secrets in Secrets Manager, under <c>piksel/&lt;env&gt;/</c>, encrypted with the platform key.</summary>
internal sealed partial class PikselDefinition
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

    private readonly Dictionary<string, ResourceId> _secrets = new(StringComparer.Ordinal);

    public void AddSecrets()
    {
        foreach (var (name, punctuation) in GeneratedSecrets)
        {
            _secrets[name] = Builder.Add(Secret(name, $"Piksel {Settings.Name}: generated, never rotated by apply") with
            {
                Generate = new SecretGeneration { Length = 32, Punctuation = punctuation },
            }).Id;
        }

        foreach (var name in ManualSecrets.Names)
        {
            Settings.ManualSecrets.TryGetValue(name, out var input);
            _secrets[name] = Builder.Add(Secret(name, $"Piksel {Settings.Name}: manual, supplied as input {name}") with
            {
                ManualInput = name,
                Value = input is null ? null : StoredForm(name, input),
            }).Id;
        }
    }

    private SecretsManagerSecret Secret(string name, string description) => new()
    {
        Name = Names.Secret(name),
        Account = Settings.Account,
        Region = Settings.Region,
        Description = description,
        KmsKeyId = Key.Arn.Token,
        Tags = Tags,
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
