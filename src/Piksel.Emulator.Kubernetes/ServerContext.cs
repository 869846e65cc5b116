using System.Security.Cryptography;
using Piksel.Emulator.Kubernetes.Api;
using Piksel.Emulator.Kubernetes.Security;
using Piksel.Emulator.Kubernetes.Storage;
using Piksel.Emulator.Kubernetes.Tokens;

namespace Piksel.Emulator.Kubernetes;

/// <summary>
/// What the server's parts are built from: options, clock, catalog, storage, PKI, the token issuer and its keys. Made
/// once when the server starts and handed to every part's factory; the parts themselves are on <see cref="ApiServerState"/>.
/// With a data directory, everything in it is the owner's alone and key material in it is sealed under the master key.
/// </summary>
public sealed class ServerContext : IDisposable
{
    private readonly List<Task> background = [];

    internal ServerContext(KubeApiServerOptions options, IStorageTransformer? storageTransformer = null)
    {
        Options = options;
        Catalog = new ResourceCatalog(BuiltInResources.All);
        if (options.DataDirectory is { } data)
        {
            PrivateFiles.EnsureOwnDirectory(data);
            // What an older version wrote 0755/0644 (the journal, pki/) is the owner's alone from now on.
            PrivateFiles.TightenTree(data);
            MasterKey = MasterKey.ForState(options.MasterKeyFile, data);
        }
        var atRest = storageTransformer ?? (MasterKey is { } key ? new AesGcmTransformer(key) : null);
        Store = new ObjectStore(options.DataDirectory is { } d ? Path.Combine(d, "objects") : null, Catalog.FindGroupResource, atRest);
        try
        {
            Certificates = ClusterCertificates.LoadOrCreate(options.DataDirectory is { } p ? Path.Combine(p, "pki") : null, MasterKey, options.TimeProvider, options.ExtraServingNames);
            Issuer = options.Issuer ?? LoadOrCreateIssuer(options);
            Tokens = new ServiceAccountTokens(this);
        }
        catch
        {
            Store.Dispose();
            Certificates?.Dispose();
            throw;
        }
    }

    /// <summary>The master key that seals the data directory's keys; null without a data directory.</summary>
    internal MasterKey? MasterKey { get; }

    /// <summary>The options the server was started with.</summary>
    public KubeApiServerOptions Options { get; }

    /// <summary>The cluster's clock.</summary>
    public TimeProvider Time => Options.TimeProvider;

    /// <summary>The kinds the server serves.</summary>
    public ResourceCatalog Catalog { get; }

    /// <summary>The versioned object store.</summary>
    public ObjectStore Store { get; }

    /// <summary>The cluster's CA, serving and admin certificates.</summary>
    public ClusterCertificates Certificates { get; }

    /// <summary>The issuer of service-account tokens (EKS form unless the options name one).</summary>
    public string Issuer { get; }

    /// <summary>Issues and checks service-account tokens.</summary>
    public ServiceAccountTokens Tokens { get; }

    /// <summary>Work started at start-up that may still write to the data directory (the signing key): stopping waits for it.</summary>
    public void TrackBackground(Task task)
    {
        lock (background) background.Add(task);
    }

    /// <summary>Waits for the tracked start-up work; its failures were the callers' to observe.</summary>
    internal async Task DrainBackgroundAsync()
    {
        Task[] pending;
        lock (background) pending = [.. background];
        try { await Task.WhenAll(pending); }
        catch (Exception) { /* observed where the work is used */ }
    }

    private static string LoadOrCreateIssuer(KubeApiServerOptions options)
    {
        string Fresh() => $"https://oidc.eks.{options.Region}.amazonaws.com/id/{Convert.ToHexString(RandomNumberGenerator.GetBytes(16))}";
        if (options.DataDirectory is null) return Fresh();
        var path = Path.Combine(options.DataDirectory, "issuer");
        if (File.Exists(path)) return File.ReadAllText(path).Trim();
        var issuer = Fresh();
        PrivateFiles.WriteAllText(path, issuer);
        return issuer;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        Store.Dispose();
        Certificates.Dispose();
    }
}
