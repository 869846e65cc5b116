using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json.Nodes;
using Piksel.Emulator.Aws.Hosting;
using Piksel.Emulator.Aws.Identity;
using Piksel.Emulator.Aws.Kms;
using Piksel.Emulator.Aws.State;
using Piksel.Emulator.Kubernetes;
using Piksel.Emulator.Kubernetes.Auth;

namespace Piksel.Emulator.Aws.Eks;

/// <summary>
/// Runs the API servers of the EKS clusters: one embedded <see cref="KubeApiServer"/> per cluster, with the cluster's
/// version, region and issuer, its data under the emulator's data directory (so it survives a restart), its issuer
/// registered for STS, and EKS's parts given to it before it starts (token authentication, access policies, the
/// External Secrets Operator, and envelope encryption of its Secrets with the KMS key its encryptionConfig names).
/// </summary>
internal sealed class EksClusterHost(
    EmulatorState state,
    Table<EksClusterRecord> clusters,
    Func<EksClusterRecord, Principal, EksAccessEntryRecord?> findEntry,
    Action<EksClusterRecord> forgetEntries,
    Func<string, SystemLayer.ClusterSystemSpec?> systemSpec,
    Action<string, SystemLayer.AddonReport> addonReport)
    : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, Running> running = new(StringComparer.Ordinal);
    /// <summary>Launches under way, by cluster key: a deletion waits for the launch it overtakes.</summary>
    private readonly ConcurrentDictionary<string, Task> launches = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<Task, byte> work = new();
    private readonly CancellationTokenSource stopping = new();
    private readonly KmsKeys kms = new(state);
    private Uri? edge;

    /// <summary>The running API server of the cluster at <paramref name="key"/>.</summary>
    public KubeApiServer? Find(string key) => running.TryGetValue(key, out var r) ? r.Server : null;

    /// <summary>Starts every cluster kept in durable state (and finishes deletions a stop interrupted).</summary>
    public async Task StartAsync(Uri endpoint, CancellationToken cancellationToken)
    {
        edge = endpoint;
        var pending = new List<Task>();
        foreach (var (key, record) in clusters.Items.ToList())
        {
            if (record.Status == EksClusterStatus.Deleting) pending.Add(StopAndForgetAsync(key, record));
            else pending.Add(launches[key] = RunAsync(key, record, cancellationToken));
        }
        await Task.WhenAll(pending);
    }

    /// <summary>Starts the cluster's API server in the background; the record turns ACTIVE (or FAILED) when it is done.</summary>
    public void Launch(string key, EksClusterRecord record) =>
        // Off the request thread: making the cluster's PKI takes a moment, and CreateCluster answers CREATING at once.
        Track(launches[key] = Task.Run(() => RunAsync(key, record, stopping.Token)));

    /// <summary>Stops the cluster's API server in the background, then removes its data, its entries and the record.</summary>
    public void Delete(string key, EksClusterRecord record) => Track(StopAndForgetAsync(key, record));

    private void Track(Task task)
    {
        work[task] = 0;
        _ = task.ContinueWith(t => work.TryRemove(t, out _), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    private async Task RunAsync(string key, EksClusterRecord record, CancellationToken cancellationToken)
    {
        KubeApiServer? server = null;
        try
        {
            server = await StartServerAsync(key, record, cancellationToken);
            var registration = state.LocalOidcIssuers.Register(record.Issuer, server.Endpoint, server.State.Certificates.Authority);
            running[key] = new Running(record.Uid, server, registration);
            var authority = Convert.ToBase64String(Encoding.UTF8.GetBytes(server.State.Certificates.Authority.ExportCertificatePem() + "\n"));
            clusters.Update(key, current => current is null || current.Uid != record.Uid || current.Status == EksClusterStatus.Deleting ? current : current with
            {
                Status = EksClusterStatus.Active,
                Port = server.Endpoint.Port,
                CertificateAuthorityData = authority,
            });
        }
        catch (Exception) when (!stopping.IsCancellationRequested)
        {
            if (server is not null && !running.ContainsKey(key)) await server.DisposeAsync();
            clusters.Update(key, current => current is null || current.Uid != record.Uid || current.Status == EksClusterStatus.Deleting ? current : current with { Status = EksClusterStatus.Failed });
        }
        catch (OperationCanceledException)
        {
            if (server is not null && !running.ContainsKey(key)) await server.DisposeAsync();
        }
    }

    /// <summary>Starts the API server on the port it had before when that port is free, else on a new one.</summary>
    private async Task<KubeApiServer> StartServerAsync(string key, EksClusterRecord record, CancellationToken cancellationToken)
    {
        var options = new KubeApiServerOptions
        {
            Port = record.Port,
            ClusterName = record.Name,
            Region = record.Region,
            Issuer = record.Issuer,
            KubernetesVersion = record.Version,
            DataDirectory = DataDirectory(record),
            MasterKeyFile = state.Options.MasterKeyFile,
            TimeProvider = state.Time,
        };
        try
        {
            return await Configure(key, record, options).StartAsync(state.LoggerFactory, cancellationToken);
        }
        catch (IOException) when (record.Port != 0)
        {
            return await Configure(key, record, options with { Port = 0 }).StartAsync(state.LoggerFactory, cancellationToken);
        }
    }

    /// <summary>
    /// What EKS puts into a cluster's API server before it starts: the EKS token authenticator, the access-policy
    /// authorizer in front of the cluster's own, EKS's system layer, and the External Secrets Operator beside it.
    /// </summary>
    private KubeApiServerBuilder Configure(string key, EksClusterRecord record, KubeApiServerOptions options)
    {
        // What the authenticator found in an access entry travels to the authorizer with the request's user.
        var grants = new ConditionalWeakTable<UserInfo, EksAccessGrant>();
        var builder = KubeApiServer.CreateBuilder(options)
            .AddAuthenticator(c => new EksTokenAuthenticator(state, c, () => edge, record.Name,
                () => clusters.Find(key) is { } current && current.Uid == record.Uid ? current : null, findEntry, grants))
            .AddAuthorizer((_, inner) => new EksAccessAuthorizer(inner, grants));
        if (SecretsKeyArn(record) is { } keyArn) builder.UseStorageTransformer(new KmsEnvelopeTransformer(kms, keyArn));
        // What EKS runs inside the cluster (add-ons, Fargate, Pod Identity), fed what the EKS API holds for it.
        SystemLayer.EksSystemLayer.AddTo(builder, () => systemSpec(key) ?? SystemLayer.EmptySystemSpec.For(record), report => addonReport(key, report));
        // Karpenter's and Flux's CRDs, as their charts install them, so their manifests apply as on the real platform.
        builder.AddCustomResourceDefinitions(Crds.PlatformCrds.Manifests);
        if (edge is not { } aws) return builder;
        // The operator reads Secrets Manager through the edge, like a pod would; so do Karpenter (EC2, SSM, SQS) and the
        // EBS CSI controller (EC2 volumes), each with its service account's IRSA role, idle until the platform installs it.
        ExternalSecrets.ExternalSecretsOperator.AddTo(builder, aws);
        Volumes.EbsCsiController.AddTo(builder, aws);
        return Karpenter.KarpenterController.AddTo(builder, c => new Karpenter.AwsKarpenterCloud(c, aws, Karpenter.InterruptionQueue.NameFor(record.Name)));
    }

    /// <summary>The KMS key of encryptionConfig's <c>secrets</c> entry (<c>provider.keyArn</c>), when there is one.</summary>
    private static string? SecretsKeyArn(EksClusterRecord record) =>
        record.EncryptionConfig is { } config && JsonNode.Parse(config) is JsonArray entries
            ? entries.OfType<JsonObject>()
                .Where(e => e["resources"] is JsonArray resources && resources.Any(r => r?.GetValueKind() == System.Text.Json.JsonValueKind.String && r.GetValue<string>() == "secrets"))
                .Select(e => e["provider"]?["keyArn"]?.GetValueKind() == System.Text.Json.JsonValueKind.String ? e["provider"]!["keyArn"]!.GetValue<string>() : null)
                .FirstOrDefault(arn => arn is { Length: > 0 })
            : null;

    private string? DataDirectory(EksClusterRecord record) =>
        state.Options.DataDirectory is { } root ? Path.Combine(root, "eks", record.Uid) : null;

    private async Task StopAndForgetAsync(string key, EksClusterRecord record)
    {
        if (launches.TryGetValue(key, out var launch))
        {
            try { await launch; } catch (Exception) { /* a failed launch leaves nothing running */ }
        }
        if (running.TryGetValue(key, out var current) && current.Uid == record.Uid && running.TryRemove(KeyValuePair.Create(key, current)))
            await current.DisposeAsync();
        launches.TryRemove(key, out _);
        if (DataDirectory(record) is { } directory)
        {
            // A file created while the tree is being removed makes one pass fail ("directory not empty"): try again.
            for (var attempt = 0; attempt < 5 && Directory.Exists(directory); attempt++)
            {
                try { Directory.Delete(directory, recursive: true); }
                catch (IOException) { await Task.Delay(50 * (attempt + 1), CancellationToken.None); }
            }
        }
        forgetEntries(record);
        clusters.Update(key, r => r is not null && r.Uid == record.Uid ? null : r);
    }

    /// <summary>Stops every API server (the clusters stay in state and start again with the emulator).</summary>
    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync();
        try { await Task.WhenAll(work.Keys.ToList()); } catch (Exception) { /* each task handles its own failure */ }
        foreach (var (_, cluster) in running) await cluster.DisposeAsync();
        running.Clear();
        stopping.Dispose();
    }

    private sealed record Running(string Uid, KubeApiServer Server, IDisposable Issuer) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            Issuer.Dispose();
            await Server.DisposeAsync();
        }
    }
}
