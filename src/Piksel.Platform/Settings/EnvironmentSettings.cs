using Piksel.Platform.Naming;
using Piksel.Platform.Policies;
using Piksel.Platform.Providers;
using Piksel.Platform.Spec;

namespace Piksel.Platform.Settings;

/// <summary>
/// One environment's settings, bound from <c>env/&lt;name&gt;.json</c> by <see cref="EnvironmentSettingsLoader"/> and
/// validated there before anything is touched. JSON field names are the camel-case property names.
/// </summary>
public sealed record EnvironmentSettings
{
    /// <summary>The default region.</summary>
    public const string DefaultRegion = "ap-southeast-3";

    /// <summary>The default Kubernetes version.</summary>
    public const string DefaultKubernetesVersion = "1.33";

    /// <summary>The environment name: the file's name (<c>local</c>, <c>dev</c>, …). Lowercase letters and digits.</summary>
    public required string Name { get; init; }

    /// <summary>The environment's AWS account (12 digits; required).</summary>
    public required string Account { get; init; }

    /// <summary>The hub account with shared DNS and the registry (12 digits, not the environment's own; required).</summary>
    public required string HubAccount { get; init; }

    /// <summary>
    /// A third account that holds emulated copies of the public datasets (local only). Default: none — the real
    /// environments read AWS's own open-data buckets.
    /// </summary>
    public string? PublicDatasetsAccount { get; init; }

    /// <summary>The AWS region. Default: <c>ap-southeast-3</c>.</summary>
    public string Region { get; init; } = DefaultRegion;

    /// <summary>The VPC's IPv4 CIDR block (RFC 1918, /16 to /24, not overlapping any other environment's; required).</summary>
    public required Ipv4Cidr VpcCidr { get; init; }

    /// <summary>Availability zones to spread subnets over (2–6). Default: 2.</summary>
    public int AvailabilityZones { get; init; } = 2;

    /// <summary>The provider <c>up</c>, <c>plan</c> and <c>apply</c> use unless told otherwise. Default: embedded.</summary>
    public ProviderKind Provider { get; init; } = ProviderKind.Embedded;

    /// <summary>The cluster's Kubernetes version (one EKS supports). Default: 1.33.</summary>
    public string KubernetesVersion { get; init; } = DefaultKubernetesVersion;

    /// <summary>How often synchronised Kubernetes Secrets are refreshed from their source (1 s–24 h). Default: 1 h (10 s locally).</summary>
    public TimeSpan SecretRefreshInterval { get; init; } = TimeSpan.FromHours(1);

    /// <summary>The role mapped to cluster-admin through an access entry. Default: <c>piksel-&lt;env&gt;-admin</c> in the environment's account.</summary>
    public required string AdminRoleArn { get; init; }

    /// <summary>
    /// Whether the platform creates the admin role itself (trusting the account) instead of using one that exists
    /// (an SSO role). Default: false.
    /// </summary>
    public bool CreateAdminRole { get; init; }

    /// <summary>
    /// Values of the manual secrets by name (<see cref="ManualSecrets.Names"/>). Only non-AWS environments may keep
    /// them in their file; real ones receive them as inputs. Default: none.
    /// </summary>
    public IReadOnlyDictionary<string, SensitiveString> ManualSecrets { get; init; } = new Dictionary<string, SensitiveString>();

    /// <summary>
    /// The role in the hub account the <c>aws</c> provider assumes to reach the hub (its shared DNS and registry); required
    /// when the provider is aws. The embedded emulator holds the hub's keys itself. Default: none.
    /// </summary>
    public string? HubRoleArn { get; init; }

    /// <summary>The ExternalId the hub role's trust policy demands, when it demands one. Default: none.</summary>
    public string? HubExternalId { get; init; }

    /// <summary>
    /// The PostgreSQL major of the database (15, 16 or 17). Default: 16 on real accounts; locally the machine's own
    /// (the definition leaves it to the server).
    /// </summary>
    public string? DatabaseEngineVersion { get; init; }

    /// <summary>The ARN partition of <see cref="Region"/>.</summary>
    public string Partition => Arns.Partition(Region);

    /// <summary>The environment's resource names.</summary>
    public PikselNames Names => new(Name);
}
