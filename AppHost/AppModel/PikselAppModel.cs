using System.Collections.Immutable;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Piksel.Platform.Spec;
using Piksel.Platform.Spec.Aws;

namespace Piksel.AppHost.AppModel;

/// <summary>
/// The Piksel environment as Aspire resources: <c>aws</c> (the emulator), one API server per EKS cluster of the spec,
/// <c>database</c> (the PostgreSQL servers behind the RDS instances) and <c>platform</c> with a child per group of the
/// spec's resources. Their states follow the environment as <see cref="EnvironmentRunner"/> starts and applies it.
/// </summary>
internal sealed class PikselAppModel
{
    /// <summary>The resource type names the dashboard shows.</summary>
    public const string AwsType = "AwsEmulator", ClusterType = "KubernetesApiServer", DatabaseType = "DatabaseServer", PlatformType = "Platform", GroupType = "PlatformGroup";

    private PikselAppModel(PlatformSpec spec, PikselResource aws, PikselResource database, PikselResource platform,
        IReadOnlyDictionary<string, PikselResource> clusters, IReadOnlyDictionary<string, PikselResource> groups)
    {
        Spec = spec;
        Aws = aws;
        Database = database;
        Platform = platform;
        Clusters = clusters;
        Groups = groups;
    }

    /// <summary>The platform the app model shows.</summary>
    public PlatformSpec Spec { get; }

    /// <summary>The AWS emulator.</summary>
    public PikselResource Aws { get; }

    /// <summary>The database server(s).</summary>
    public PikselResource Database { get; }

    /// <summary>The platform.</summary>
    public PikselResource Platform { get; }

    /// <summary>Each EKS cluster's API server, by cluster name.</summary>
    public IReadOnlyDictionary<string, PikselResource> Clusters { get; }

    /// <summary>The platform's groups, by <see cref="PlatformGroups"/> name (only those the spec has resources in).</summary>
    public IReadOnlyDictionary<string, PikselResource> Groups { get; }

    /// <summary>The resource named <paramref name="name"/>, or null.</summary>
    public PikselResource? ByName(string name) =>
        new[] { Aws, Database, Platform }.Concat(Clusters.Values).Concat(Groups.Values).FirstOrDefault(r => r.Name == name);

    /// <summary>Adds the environment's resources to <paramref name="builder"/>.</summary>
    public static PikselAppModel Add(IDistributedApplicationBuilder builder, PlatformSpec spec)
    {
        var aws = builder.AddResource(new PikselResource("aws"))
            .WithInitialState(Snapshot(AwsType, KnownResourceStates.NotStarted))
            .WithHealthCheck(AwsHealthCheck.Name);
        var database = builder.AddResource(new PikselResource("database"))
            .WithInitialState(Snapshot(DatabaseType, KnownResourceStates.Waiting))
            .WithParentRelationship(aws)
            .WithHealthCheck(DatabaseHealthCheck.Name);
        var clusters = new Dictionary<string, PikselResource>(StringComparer.Ordinal);
        foreach (var cluster in spec.OfKind<EksCluster>())
        {
            clusters[cluster.Name] = builder.AddResource(new PikselResource($"cluster-{cluster.Name}"))
                .WithInitialState(Snapshot(ClusterType, KnownResourceStates.Waiting))
                .WithParentRelationship(aws)
                .WithHealthCheck(ClusterHealthCheck.NameFor(cluster.Name)).Resource;
        }

        var platform = builder.AddResource(new PikselResource("platform"))
            .WithInitialState(Snapshot(PlatformType, KnownResourceStates.Waiting, ("environment", spec.Environment), ("resources", spec.Resources.Count.ToString(System.Globalization.CultureInfo.InvariantCulture))));
        // The platform is applied once the AWS emulator answers its health check (EnvironmentRunner waits on this).
        platform.WaitFor(aws);
        PlatformCommandsOnDashboard.AddToPlatform(platform);
        var present = spec.Resources.Select(r => PlatformGroups.Of(r.Id)).ToHashSet(StringComparer.Ordinal);
        var groups = new Dictionary<string, PikselResource>(StringComparer.Ordinal);
        foreach (var name in PlatformGroups.Names.Where(present.Contains))
        {
            var group = builder.AddResource(new PikselResource($"platform-{name}"))
                .WithInitialState(Snapshot(GroupType, KnownResourceStates.Waiting))
                .WithParentRelationship(platform);
            if (name == PlatformGroups.SecretSyncs) PlatformCommandsOnDashboard.AddToSecretSyncs(group);
            if (name == PlatformGroups.Secrets) PlatformCommandsOnDashboard.AddToSecrets(group);
            groups[name] = group.Resource;
        }
        return new PikselAppModel(spec, aws.Resource, database.Resource, platform.Resource, clusters, groups);
    }

    private static CustomResourceSnapshot Snapshot(string type, string state, params (string Name, string Value)[] properties) => new()
    {
        ResourceType = type,
        State = state,
        Properties = [.. properties.Select(p => new ResourcePropertySnapshot(p.Name, p.Value))],
    };

    /// <summary>Properties as the snapshot holds them.</summary>
    public static ImmutableArray<ResourcePropertySnapshot> Properties(params (string Name, string Value)[] properties) =>
        [.. properties.Select(p => new ResourcePropertySnapshot(p.Name, p.Value))];
}
