using Piksel.Platform.Providers;
using Piksel.Platform.Spec;

namespace Piksel.Platform.Settings;

/// <summary>Binds an environment file's fields into <see cref="EnvironmentSettings"/>, running each field's rule.</summary>
internal static class SettingsBinder
{
    private static readonly string[] Fields =
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
