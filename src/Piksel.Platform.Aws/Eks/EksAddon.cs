namespace Piksel.Platform.Aws.Eks;

/// <summary>An EKS add-on as DescribeAddon answers it.</summary>
public sealed record EksAddon
{
    /// <summary>The add-on's name (<c>coredns</c>).</summary>
    public required string AddonName { get; init; }

    /// <summary>The cluster's name.</summary>
    public required string ClusterName { get; init; }

    /// <summary><c>arn:aws:eks:&lt;region&gt;:&lt;account&gt;:addon/&lt;cluster&gt;/&lt;addon&gt;/&lt;uuid&gt;</c>.</summary>
    public required string Arn { get; init; }

    /// <summary><c>CREATING</c>, <c>ACTIVE</c>, <c>UPDATING</c>, <c>DELETING</c>, <c>CREATE_FAILED</c>, <c>DEGRADED</c>…</summary>
    public required string Status { get; init; }

    /// <summary>The installed version.</summary>
    public string? AddonVersion { get; init; }

    /// <summary>The IRSA role of the add-on's service account, if any.</summary>
    public string? ServiceAccountRoleArn { get; init; }

    /// <summary>The configuration values (JSON), if any.</summary>
    public string? ConfigurationValues { get; init; }

    /// <summary>The health issues' messages (a failed add-on says why here).</summary>
    public IReadOnlyList<string> Issues { get; init; } = [];

    /// <summary>The add-on's tags.</summary>
    public IReadOnlyDictionary<string, string> Tags { get; init; } = new Dictionary<string, string>();
}
