using Piksel.Platform.Providers;
using Piksel.Platform.Spec;

namespace Piksel.Platform.Settings;

/// <summary>Binds an environment file's fields into <see cref="EnvironmentSettings"/>, running each field's rule.</summary>
internal static class SettingsBinder
{
    internal static readonly string[] Fields =
    [
        "description", "account", "hubAccount", "publicDatasetsAccount", "region", "vpcCidr", "availabilityZones", "provider",
        "kubernetesVersion", "secretRefreshInterval", "adminRoleArn", "createAdminRole", "manualSecrets",
        "hubRoleArn", "hubExternalId", "databaseEngineVersion",
    ];

    internal static EnvironmentSettings? Bind(string name, SettingsReader reader, IReadOnlyDictionary<string, string> inputs, List<SettingsError> errors)
    {
        reader.RejectUnknown(Fields);
        FieldRules.CheckName(name, errors);
        var account = FieldRules.Account(reader, "account", required: true, errors);
        var hub = FieldRules.Account(reader, "hubAccount", required: true, errors);
        var datasets = FieldRules.Account(reader, "publicDatasetsAccount", required: false, errors);
        var provider = FieldRules.Provider(reader, errors);
        var region = FieldRules.Region(reader, errors);
        var zones = FieldRules.AvailabilityZones(reader, errors);
        var cidr = FieldRules.VpcCidr(reader, zones, errors);
        var version = FieldRules.KubernetesVersion(reader, errors);
        var refresh = FieldRules.RefreshInterval(reader, errors);
        var createAdmin = reader.Bool("createAdminRole") ?? false;
        FieldRules.CheckAccounts(account, hub, datasets, provider, errors);
        var adminRole = FieldRules.AdminRole(reader, name, account, region, errors);
        var hubRole = FieldRules.HubRole(reader, hub, region, provider, errors);
        var externalId = FieldRules.ExternalId(reader, errors);
        var engine = FieldRules.DatabaseEngineVersion(reader, provider, errors);
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
            HubRoleArn = hubRole,
            HubExternalId = externalId,
            DatabaseEngineVersion = engine,
            ManualSecrets = secrets.ToDictionary(p => p.Key, p => new SensitiveString(p.Value), StringComparer.Ordinal),
        };
    }

    private static Dictionary<string, string> Secrets(SettingsReader reader, ProviderKind provider, IReadOnlyDictionary<string, string> inputs, List<SettingsError> errors)
    {
        var entries = reader.StringMap("manualSecrets");
        if (reader.InFile("manualSecrets") && provider == ProviderKind.Aws)
        {
            errors.Add(new SettingsError("manualSecrets", "must not be in the file of an environment whose provider is aws: real environments take manual secrets as inputs (PIKSEL_SECRET_<NAME>), never from a file in the repository"));
        }

        var merged = new Dictionary<string, string>(StringComparer.Ordinal);
        var origins = new Dictionary<string, (string Field, string? Source)>(StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            // An override names a secret in any case (PIKSEL__MANUALSECRETS__SLACK-ALERTS); the file as written.
            var name = entry.Source is null ? entry.Name : ManualSecrets.Names.FirstOrDefault(n => string.Equals(n, entry.Name, StringComparison.OrdinalIgnoreCase)) ?? entry.Name;
            if (entry.OnCommandLine)
            {
                errors.Add(new SettingsError($"manualSecrets.{name}", $"must not be given on the command line, where the process list and shell history show it: pass it as the environment variable {ManualSecrets.EnvironmentVariable(name)}", entry.Source));
                continue;
            }

            merged[name] = entry.Value;
            origins[name] = ($"manualSecrets.{name}", entry.Source);
        }

        foreach (var (key, value) in inputs)
        {
            merged[key] = value;
            origins[key] = ($"input {key}", null);
        }

        foreach (var (key, value) in merged)
        {
            var problem = ManualSecrets.Names.Contains(key, StringComparer.Ordinal)
                ? ManualSecrets.Check(key, value)
                : $"is not a manual secret; they are {string.Join(", ", ManualSecrets.Names)}";
            if (problem is not null)
            {
                errors.Add(new SettingsError(origins[key].Field, problem, origins[key].Source));
            }
        }

        return merged;
    }
}
