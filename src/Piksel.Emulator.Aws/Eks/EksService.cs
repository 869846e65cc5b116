using System.Net;
using Microsoft.AspNetCore.Http.Features;
using Piksel.Emulator.Aws.Hosting;
using Piksel.Emulator.Aws.Protocol;
using Piksel.Emulator.Aws.State;

namespace Piksel.Emulator.Aws.Eks;

/// <summary>
/// Amazon EKS (restJson1, 2017-11-01): clusters, each backed by an embedded Kubernetes API server with its own CA and
/// EKS-form OIDC issuer, and the access entries that map IAM principals to Kubernetes identities. The clusters'
/// API servers accept <c>k8s-aws-v1.</c> tokens (aws eks get-token) verified against this emulator's STS.
/// </summary>
public sealed partial class EksService : IAwsService, IHostedAwsService
{
    private readonly EmulatorState state;
    private readonly Table<EksClusterRecord> clusters;
    private readonly Table<EksAccessEntryRecord> entries;
    private readonly EksClusterHost host;

    /// <summary>The service over <paramref name="state"/>; clusters kept in durable state start again at <see cref="StartAsync"/>.</summary>
    public EksService(EmulatorState state)
    {
        this.state = state;
        clusters = state.Store.Table<EksClusterRecord>("eks.clusters");
        entries = state.Store.Table<EksAccessEntryRecord>("eks.access-entries");
        host = new EksClusterHost(state, clusters, FindEntryForCaller, RemoveEntries);
    }

    /// <inheritdoc />
    public string SigningName => "eks";

    /// <inheritdoc />
    public AwsProtocol Protocol => AwsProtocol.RestJson;

    /// <summary>The API server of a running cluster (for in-process callers such as the AppHost), null when it is not running.</summary>
    public Kubernetes.KubeApiServer? FindServer(string accountId, string region, string name) => host.Find(ClusterKey(accountId, region, name));

    /// <inheritdoc />
    public Task StartAsync(Uri endpoint, CancellationToken cancellationToken) => host.StartAsync(endpoint, cancellationToken);

    /// <inheritdoc />
    public ValueTask DisposeAsync() => host.DisposeAsync();

    /// <inheritdoc />
    public Task HandleAsync(AwsRequestContext context, CancellationToken cancellationToken)
    {
        var method = context.Http.Request.Method;
        var segments = Segments(context);
        return (method, segments) switch
        {
            ("POST", ["clusters"]) => CreateCluster(context),
            ("GET", ["clusters"]) => ListClusters(context),
            ("GET", ["clusters", var name]) => DescribeCluster(context, name),
            ("DELETE", ["clusters", var name]) => DeleteCluster(context, name),
            ("POST", ["clusters", var name, "access-entries"]) => CreateAccessEntry(context, name),
            ("GET", ["clusters", var name, "access-entries"]) => ListAccessEntries(context, name),
            ("GET", ["clusters", var name, "access-entries", var principal]) => DescribeAccessEntry(context, name, principal),
            ("POST", ["clusters", var name, "access-entries", var principal]) => UpdateAccessEntry(context, name, principal),
            ("DELETE", ["clusters", var name, "access-entries", var principal]) => DeleteAccessEntry(context, name, principal),
            ("POST", ["clusters", var name, "access-entries", var principal, "access-policies"]) => AssociateAccessPolicy(context, name, principal),
            ("GET", ["clusters", var name, "access-entries", var principal, "access-policies"]) => ListAssociatedAccessPolicies(context, name, principal),
            ("DELETE", ["clusters", var name, "access-entries", var principal, "access-policies", var policy]) => DisassociateAccessPolicy(context, name, principal, policy),
            ("GET", ["access-policies"]) => ListAccessPolicies(context),
            ("GET", ["tags", var arn]) => ListTagsForResource(context, arn),
            ("POST", ["tags", var arn]) => TagResource(context, arn),
            ("DELETE", ["tags", var arn]) => UntagResource(context, arn),
            _ => throw EksErrors.UnknownOperation(method, context.Http.Request.Path.Value ?? "/"),
        };
    }

    /// <summary>
    /// The path's segments, each decoded once. The raw target is split first: principal and policy ARNs travel
    /// percent-encoded inside one segment (<c>…/access-entries/arn%3Aaws%3Aiam%3A%3A1%3Arole%2Fx</c>).
    /// </summary>
    private static string[] Segments(AwsRequestContext context)
    {
        var raw = context.Http.Features.Get<IHttpRequestFeature>()?.RawTarget is { Length: > 0 } target ? target : context.Http.Request.Path.Value ?? "/";
        var query = raw.IndexOf('?', StringComparison.Ordinal);
        if (query >= 0) raw = raw[..query];
        return [.. raw.Split('/', StringSplitOptions.RemoveEmptyEntries).Select(Uri.UnescapeDataString)];
    }

    internal static string ClusterKey(string accountId, string region, string name) => $"{accountId}/{region}/{name}";

    private static string EntryKey(EksClusterRecord cluster, string principalArn) => $"{cluster.AccountId}/{cluster.Region}/{cluster.Name}/{principalArn}";

    /// <summary>The cluster the caller's account has under <paramref name="name"/> in the request's region.</summary>
    private EksClusterRecord RequireCluster(AwsRequestContext context, string name) =>
        clusters.Find(ClusterKey(context.AccountId, context.Region, name)) ?? throw EksErrors.ClusterNotFound(name);

    private static string ClusterArn(AwsRequestContext context, string name) => $"arn:aws:eks:{context.Region}:{context.AccountId}:cluster/{name}";

    /// <summary>An optional query-string parameter.</summary>
    private static string? QueryValue(AwsRequestContext context, string name) =>
        context.Http.Request.Query.TryGetValue(name, out var value) && value.Count > 0 ? value[0] : null;

    /// <summary>maxResults (1..100, default 100) and the position a nextToken stands for.</summary>
    private static (int Max, int Start) Page(AwsRequestContext context, string? clusterName = null)
    {
        var max = 100;
        if (QueryValue(context, "maxResults") is { } text)
        {
            if (!int.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, out max) || max is < 1 or > 100)
                throw EksErrors.InvalidParameter("maxResults must be between 1 and 100.", clusterName);
        }
        var start = 0;
        if (QueryValue(context, "nextToken") is { Length: > 0 } token)
        {
            try { start = int.Parse(System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(token)), System.Globalization.CultureInfo.InvariantCulture); }
            catch (FormatException) { throw EksErrors.InvalidParameter("The nextToken provided is invalid.", clusterName); }
        }
        return (max, start);
    }

    private static string? NextToken(int start, int max, int total) =>
        start + max < total ? Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes((start + max).ToString(System.Globalization.CultureInfo.InvariantCulture))) : null;

    private static Task Write(AwsRequestContext context, System.Text.Json.Nodes.JsonNode body, HttpStatusCode status = HttpStatusCode.OK) =>
        JsonProtocol.WriteAsync(context.Http, body, "application/json", (int)status);
}
