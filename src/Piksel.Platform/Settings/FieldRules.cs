using System.Text.RegularExpressions;
using Piksel.Platform.Naming;
using Piksel.Platform.Policies;
using Piksel.Platform.Providers;
using Piksel.Shared;

namespace Piksel.Platform.Settings;

/// <summary>
/// The validation rule of each field of an environment file: each reads its field, records a <see cref="SettingsError"/>
/// naming the field and what it allows, and returns the value to bind (or a stand-in, so later rules still run).
/// Partial only for its generated regexes.
/// </summary>
internal static partial class FieldRules
{
    private static readonly TimeSpan ShortestRefresh = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan LongestRefresh = TimeSpan.FromHours(24);

    internal static void CheckName(string name, List<SettingsError> errors)
    {
        if (!EnvironmentNamePattern().IsMatch(name))
        {
            errors.Add(new SettingsError("name", $"(the file name) is \"{name}\": environment names are lowercase letters and digits beginning with a letter, because they end up in S3 bucket names (lowercase only) and in the database user piksel_<env> (no hyphens)"));
            return;
        }

        foreach (var (derived, rule) in new PikselNames(name).All())
        {
            if (rule.Check(derived) is { } problem)
            {
                errors.Add(new SettingsError("name", $"(the file name) is \"{name}\", which makes the {rule.What} \"{derived}\" invalid: {problem}"));
                return;
            }
        }
    }

    internal static string? Account(SettingsReader reader, string field, bool required, List<SettingsError> errors)
    {
        var value = reader.String(field);
        if (value is null)
        {
            if (required && !reader.Has(field))
            {
                errors.Add(new SettingsError(field, "is missing: it must be a 12-digit AWS account id"));
            }

            return null;
        }

        if (!AccountPattern().IsMatch(value))
        {
            errors.Add(new SettingsError(field, $"is \"{value}\": must be exactly 12 digits (an AWS account id)"));
            return null;
        }

        return value;
    }

    internal static void CheckAccounts(string? account, string? hub, string? datasets, ProviderKind provider, List<SettingsError> errors)
    {
        if (account is not null && account == hub)
        {
            errors.Add(new SettingsError("hubAccount", $"is \"{hub}\": must differ from \"account\"; the hub is a separate account"));
        }

        if (datasets is null)
        {
            return;
        }

        if (provider == ProviderKind.Aws)
        {
            errors.Add(new SettingsError("publicDatasetsAccount", "must not be set when the provider is aws: real environments read AWS's own open-data buckets"));
        }
        else if (datasets == account || datasets == hub)
        {
            errors.Add(new SettingsError("publicDatasetsAccount", $"is \"{datasets}\": must be a third account, neither \"account\" nor \"hubAccount\""));
        }
    }

    internal static ProviderKind Provider(SettingsReader reader, List<SettingsError> errors)
    {
        var value = reader.String("provider");
        switch (value)
        {
            case null or "embedded":
                return ProviderKind.Embedded;
            case "localstack":
                return ProviderKind.LocalStack;
            case "aws":
                return ProviderKind.Aws;
            default:
                errors.Add(new SettingsError("provider", $"is \"{value}\": must be one of embedded, localstack, aws"));
                return ProviderKind.Embedded;
        }
    }

    internal static string Region(SettingsReader reader, List<SettingsError> errors)
    {
        var value = reader.String("region") ?? EnvironmentSettings.DefaultRegion;
        if (!RegionPattern().IsMatch(value))
        {
            errors.Add(new SettingsError("region", $"is \"{value}\": must be an AWS region code such as ap-southeast-3"));
        }

        return value;
    }

    internal static int AvailabilityZones(SettingsReader reader, List<SettingsError> errors)
    {
        var value = reader.Int("availabilityZones") ?? 2;
        if (value is < 2 or > 6)
        {
            errors.Add(new SettingsError("availabilityZones", $"is {value}: must be 2 to 6 (EKS needs subnets in at least two zones)"));
            return 2;
        }

        return value;
    }

    internal static Ipv4Cidr? VpcCidr(SettingsReader reader, int zones, List<SettingsError> errors)
    {
        var value = reader.String("vpcCidr");
        if (value is null)
        {
            if (!reader.Has("vpcCidr"))
            {
                errors.Add(new SettingsError("vpcCidr", "is missing: it must be a private IPv4 CIDR block such as 10.0.0.0/16"));
            }

            return null;
        }

        if (!Ipv4Cidr.TryParse(value, out var cidr, out var problem))
        {
            errors.Add(new SettingsError("vpcCidr", $"is \"{value}\": {problem}"));
            return null;
        }

        // One public and one private subnet per zone, each at least a /26: AWS allows /28, but nodes and VPC CNI pods
        // take their addresses from these subnets, and EKS wants free addresses in each for its network interfaces.
        var subnetBits = (int)Math.Ceiling(Math.Log2(2 * zones));
        if (!Ipv4Cidr.PrivateRanges.Any(r => r.Contains(cidr)))
        {
            errors.Add(new SettingsError("vpcCidr", $"is \"{value}\": must lie in a private range of RFC 1918 (10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16)"));
        }
        else if (cidr.PrefixLength is < 16 or > 24)
        {
            errors.Add(new SettingsError("vpcCidr", $"is \"{value}\": the prefix must be /16 to /24 (AWS allows no VPC larger than /16; smaller than /24 leaves no room for pods)"));
        }
        else if (cidr.PrefixLength + subnetBits > 26)
        {
            errors.Add(new SettingsError("vpcCidr", $"is \"{value}\": too small for {2 * zones} subnets of at least /26 (one public and one private per zone)"));
        }

        return cidr;
    }

    internal static string KubernetesVersion(SettingsReader reader, List<SettingsError> errors)
    {
        var value = reader.String("kubernetesVersion") ?? EnvironmentSettings.DefaultKubernetesVersion;
        if (!EnvironmentSettingsLoader.SupportedKubernetesVersions.Contains(value, StringComparer.Ordinal))
        {
            errors.Add(new SettingsError("kubernetesVersion", $"is \"{value}\": must be a version EKS supports: {string.Join(", ", EnvironmentSettingsLoader.SupportedKubernetesVersions)}"));
        }

        return value;
    }

    internal static TimeSpan RefreshInterval(SettingsReader reader, List<SettingsError> errors)
    {
        var value = reader.String("secretRefreshInterval");
        if (value is null)
        {
            return TimeSpan.FromHours(1);
        }

        if (!GoDuration.TryParse(value, out var interval) || interval < ShortestRefresh || interval > LongestRefresh)
        {
            errors.Add(new SettingsError("secretRefreshInterval", $"is \"{value}\": must be a duration from 1s to 24h written like 10s, 5m or 1h30m"));
        }

        return interval;
    }

    internal static string? AdminRole(SettingsReader reader, string name, string? account, string region, List<SettingsError> errors)
    {
        var partition = Arns.Partition(region);
        var value = reader.String("adminRoleArn");
        if (value is null)
        {
            return account is null ? null : Arns.IamRole(partition, account, new PikselNames(name).Role("admin"));
        }

        var match = RoleArnPattern().Match(value);
        if (!match.Success || match.Groups["partition"].Value != partition)
        {
            errors.Add(new SettingsError("adminRoleArn", $"is \"{value}\": must be an IAM role ARN, arn:{partition}:iam::<account>:role/<name>"));
        }
        else if (account is not null && match.Groups["account"].Value != account)
        {
            errors.Add(new SettingsError("adminRoleArn", $"is \"{value}\": the role must be in the environment's account {account}"));
        }
        else if (NameRules.IamRole.Check(match.Groups["name"].Value) is { } problem)
        {
            errors.Add(new SettingsError("adminRoleArn", $"is \"{value}\": {problem}"));
        }

        return value;
    }

    internal static string? HubRole(SettingsReader reader, string? hub, string region, ProviderKind provider, List<SettingsError> errors)
    {
        var partition = Arns.Partition(region);
        var value = reader.String("hubRoleArn");
        if (value is null)
        {
            if (provider == ProviderKind.Aws && !reader.Has("hubRoleArn"))
            {
                errors.Add(new SettingsError("hubRoleArn", $"is missing: the aws provider reaches the hub account by assuming this role, arn:{partition}:iam::<hubAccount>:role/<name>"));
            }

            return null;
        }

        var match = RoleArnPattern().Match(value);
        if (!match.Success || match.Groups["partition"].Value != partition)
        {
            errors.Add(new SettingsError("hubRoleArn", $"is \"{value}\": must be an IAM role ARN, arn:{partition}:iam::<hubAccount>:role/<name>"));
        }
        else if (hub is not null && match.Groups["account"].Value != hub)
        {
            errors.Add(new SettingsError("hubRoleArn", $"is \"{value}\": the role must be in the hub account {hub}"));
        }

        return value;
    }

    internal static string? ExternalId(SettingsReader reader, List<SettingsError> errors)
    {
        // STS: 2–1224 characters of [\w+=,.@:/-].
        var value = reader.String("hubExternalId");
        if (value is not null && !ExternalIdPattern().IsMatch(value))
        {
            errors.Add(new SettingsError("hubExternalId", "must be 2 to 1224 characters of letters, digits and +=,.@:/-_ (what STS accepts as an ExternalId)"));
            return null;
        }

        return value;
    }

    internal static string? DatabaseEngineVersion(SettingsReader reader, ProviderKind provider, List<SettingsError> errors)
    {
        var value = reader.String("databaseEngineVersion");
        if (value is null)
        {
            return provider == ProviderKind.Aws ? "16" : null;
        }

        if (value is not ("15" or "16" or "17"))
        {
            errors.Add(new SettingsError("databaseEngineVersion", $"is \"{value}\": must be a PostgreSQL major RDS runs: 15, 16 or 17"));
            return null;
        }

        return value;
    }

    [GeneratedRegex(@"^[\w+=,.@:/-]{2,1224}$")]
    private static partial Regex ExternalIdPattern();

    [GeneratedRegex("^[a-z][a-z0-9]*$")]
    private static partial Regex EnvironmentNamePattern();

    [GeneratedRegex(@"^\d{12}$")]
    private static partial Regex AccountPattern();

    [GeneratedRegex(@"^[a-z]{2}(-gov|-iso[a-z]?)?-(central|north|south|east|west|northeast|northwest|southeast|southwest)-[1-9]$")]
    private static partial Regex RegionPattern();

    [GeneratedRegex(@"^arn:(?<partition>aws|aws-cn|aws-us-gov):iam::(?<account>\d{12}):role/(?:[\x21-\x7E]+/)*(?<name>[^/]+)$")]
    private static partial Regex RoleArnPattern();
}
