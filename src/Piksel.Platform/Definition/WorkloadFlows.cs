using Piksel.Platform.Verification;

namespace Piksel.Platform.Definition;

/// <summary>
/// The network intent of the workload namespaces, as data: each namespace's representative endpoint (the labels and
/// port its workload's pods carry) and the flows each workload declares. Every flow becomes an egress policy in its
/// source namespace and an ingress policy in its destination; everything else is denied by <c>default-deny-all</c>.
/// </summary>
internal static class WorkloadFlows
{
    /// <summary>The PostgreSQL port of the database namespace.</summary>
    public const int DatabasePort = 5432;

    /// <summary>The label every representative endpoint is selected by.</summary>
    public const string NameLabel = "app.kubernetes.io/name";

    /// <summary>The label the API server sets on every namespace (the only one a namespace selector can trust).</summary>
    public const string NamespaceNameLabel = "kubernetes.io/metadata.name";

    /// <summary>kube-dns in kube-system: what <c>allow-dns</c> lets every workload reach (UDP and TCP 53).</summary>
    public static WorkloadEndpoint Dns { get; } = new("kube-system", new Dictionary<string, string> { ["k8s-app"] = "kube-dns" }, "dns", 53, "UDP");

    /// <summary>Each workload namespace's representative endpoint: its main workload, on the port it serves (and is scraped on).</summary>
    public static IReadOnlyList<WorkloadEndpoint> Endpoints { get; } =
    [
        Endpoint("database", "postgres", "postgres", DatabasePort),
        Endpoint("jupyterhub", "jupyterhub", "hub", 8081),
        Endpoint("odc", "odc", "http", 8000),
        Endpoint("odc-stac", "stac", "http", 8080),
        Endpoint("terria", "terria", "http", 3001),
        Endpoint("monitoring", "grafana", "grafana", 3000),
        Endpoint("argo", "argo-server", "web", 2746),
    ];

    /// <summary>
    /// The declared flows: jupyterhub, odc, odc-stac and argo use the database, and so does grafana (its own database);
    /// monitoring scrapes every other workload on its port. Anything not here is denied.
    /// </summary>
    public static IReadOnlyList<NetworkFlow> Flows { get; } =
    [
        .. new[] { "jupyterhub", "odc", "odc-stac", "argo", "monitoring" }.Select(ns => new NetworkFlow(ns, "database", DatabasePort)),
        .. Endpoints.Where(e => e.Namespace is not "monitoring" and not "database").Select(e => new NetworkFlow("monitoring", e.Namespace, e.Port, e.Protocol)),
    ];

    private static WorkloadEndpoint Endpoint(string ns, string app, string portName, int port) =>
        new(ns, new Dictionary<string, string> { [NameLabel] = app }, portName, port);
}
