using System.Diagnostics;

namespace Piksel.Emulator.Kubernetes;

/// <summary>The API server's OpenTelemetry source: one server span per request (listen to <see cref="SourceName"/>).</summary>
public static class KubeTelemetry
{
    /// <summary>The ActivitySource name.</summary>
    public const string SourceName = "Piksel.Emulator.Kubernetes";

    /// <summary>The tag naming the cluster a span belongs to (so each cluster's spans can go to its own resource).</summary>
    public const string ClusterTag = "k8s.cluster.name";

    /// <summary>The source; spans cost nothing while nobody listens.</summary>
    public static ActivitySource Source { get; } = new(SourceName);
}
