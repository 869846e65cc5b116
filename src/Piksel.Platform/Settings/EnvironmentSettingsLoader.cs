using System.Text.Json;
using Piksel.Platform.Providers;
using Piksel.Platform.Spec;

namespace Piksel.Platform.Settings;

/// <summary>
/// Binds <c>env/&lt;name&gt;.json</c> into <see cref="EnvironmentSettings"/> and validates it, together with the other
/// environment files beside it (CIDRs must not overlap, accounts must differ). A bad file fails with one
/// <see cref="EnvironmentSettingsException"/> naming the file, every bad field and what it allows.
/// </summary>
public static partial class EnvironmentSettingsLoader
{
    private static readonly JsonDocumentOptions JsonOptions = new() { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip };

    private static readonly string[] Fields =
    [
        "description", "account", "hubAccount", "publicDatasetsAccount", "region", "vpcCidr", "availabilityZones", "provider",
        "kubernetesVersion", "secretRefreshInterval", "adminRoleArn", "createAdminRole", "manualSecrets",
    ];

    /// <summary>
    /// Loads environment <paramref name="name"/> from <paramref name="directory"/> (usually <c>env</c>), merging
    /// manual-secret <paramref name="inputs"/> (they win over the file).
    /// </summary>
    public static EnvironmentSettings Load(string directory, string name, IReadOnlyDictionary<string, string>? inputs = null)
    {
        var file = Path.Combine(directory, name + ".json");
        if (!File.Exists(file))
        {
            var known = Directory.Exists(directory)
                ? string.Join(", ", Directory.GetFiles(directory, "*.json").Select(Path.GetFileNameWithoutExtension).Order(StringComparer.Ordinal))
                : "none";
            throw new EnvironmentSettingsException($"{file}: no such environment file; the environments in {directory} are: {known}.");
        }

        var siblings = Directory.GetFiles(directory, "*.json")
            .Where(f => !string.Equals(Path.GetFullPath(f), Path.GetFullPath(file), StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(f => (f, File.ReadAllText(f)))
            .ToArray();
        return Parse(file, File.ReadAllText(file), siblings, inputs);
    }

    /// <summary>Binds and validates one file's text; <paramref name="siblings"/> are the other environment files.</summary>
    public static EnvironmentSettings Parse(
        string file,
        string json,
        IEnumerable<(string File, string Json)> siblings,
        IReadOnlyDictionary<string, string>? inputs = null)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, JsonOptions);
        }
        catch (JsonException e)
        {
            throw new EnvironmentSettingsException($"{file}: not valid JSON (line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1}).");
        }

        using (document)
        {
            var errors = new List<SettingsError>();
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new EnvironmentSettingsException(file, [new SettingsError("(root)", "must be a JSON object")]);
            }

            var settings = Bind(Path.GetFileNameWithoutExtension(file), new SettingsReader(document.RootElement, errors), inputs ?? new Dictionary<string, string>(), errors);
            if (settings is not null)
            {
                CheckAgainstSiblings(settings, siblings, errors);
            }

            return errors.Count > 0 || settings is null ? throw new EnvironmentSettingsException(file, errors) : settings;
        }
    }

    private static EnvironmentSettings? Bind(string name, SettingsReader reader, IReadOnlyDictionary<string, string> inputs, List<SettingsError> errors)
    {
        reader.RejectUnknown(Fields);
        CheckName(name, errors);
        var account = Account(reader, "account", required: true, errors);
        var hub = Account(reader, "hubAccount", required: true, errors);
        var datasets = Account(reader, "publicDatasetsAccount", required: false, errors);
        var provider = Provider(reader, errors);
        var region = Region(reader, errors);
        var zones = AvailabilityZones(reader, errors);
        var cidr = VpcCidr(reader, zones, errors);
        var version = KubernetesVersion(reader, errors);
        var refresh = RefreshInterval(reader, errors);
        var createAdmin = reader.Bool("createAdminRole") ?? false;
        CheckAccounts(account, hub, datasets, provider, errors);
        var adminRole = AdminRole(reader, name, account, region, errors);
        var secrets = Secrets(reader, provider, inputs, errors);
        if (errors.Count > 0)
        {
            return null;
        }

        return new EnvironmentSettings
        {
            Name = name,
            Account = account!,
            HubAccount = hub!,
            PublicDatasetsAccount = datasets,
            Region = region,
            VpcCidr = cidr!.Value,
            AvailabilityZones = zones,
            Provider = provider,
            KubernetesVersion = version,
            SecretRefreshInterval = refresh,
            AdminRoleArn = adminRole!,
            CreateAdminRole = createAdmin,
            ManualSecrets = secrets.ToDictionary(p => p.Key, p => new SensitiveString(p.Value), StringComparer.Ordinal),
        };
    }

    private static Dictionary<string, string> Secrets(SettingsReader reader, ProviderKind provider, IReadOnlyDictionary<string, string> inputs, List<SettingsError> errors)
    {
        var fromFile = reader.StringMap("manualSecrets");
        if (fromFile.Count > 0 && provider == ProviderKind.Aws)
        {
            errors.Add(new SettingsError("manualSecrets", "must not be in the file of an environment whose provider is aws: real environments take manual secrets as inputs (PIKSEL_SECRET_<NAME>), never from a file in the repository"));
        }

        var merged = new Dictionary<string, string>(fromFile, StringComparer.Ordinal);
        foreach (var (key, value) in inputs)
        {
            merged[key] = value;
        }

        foreach (var (key, value) in merged)
        {
            var field = inputs.ContainsKey(key) ? $"input {key}" : $"manualSecrets.{key}";
            var problem = ManualSecrets.Names.Contains(key, StringComparer.Ordinal)
                ? ManualSecrets.Check(key, value)
                : $"is not a manual secret; they are {string.Join(", ", ManualSecrets.Names)}";
            if (problem is not null)
            {
                errors.Add(new SettingsError(field, problem));
            }
        }

        return merged;
    }
}
