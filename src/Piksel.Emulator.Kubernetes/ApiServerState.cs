using Microsoft.AspNetCore.Http;
using Piksel.Emulator.Kubernetes.Admission;
using Piksel.Emulator.Kubernetes.Api;
using Piksel.Emulator.Kubernetes.Auth;
using Piksel.Emulator.Kubernetes.Controllers;
using Piksel.Emulator.Kubernetes.Security;
using Piksel.Emulator.Kubernetes.Storage;

namespace Piksel.Emulator.Kubernetes;

/// <summary>Serves a non-resource path (discovery, OpenAPI, OIDC discovery, health).</summary>
public delegate Task NonResourceHandler(HttpContext http, UserInfo? user);

/// <summary>Serves a subresource (<c>serviceaccounts/token</c>) or a create-only kind (<c>tokenreviews</c>).</summary>
public delegate Task ResourceHandler(ApiContext context);

/// <summary>One resource request on its way through the server.</summary>
public sealed record ApiContext(HttpContext Http, UserInfo User, ApiRequest Request, ApiServerState State)
{
    public CancellationToken CancellationToken => Http.RequestAborted;
}

/// <summary>Everything the server's parts share: options, clock, catalog, storage, PKI and the plug-in points.</summary>
public sealed class ApiServerState : IDisposable
{
    internal ApiServerState(KubeApiServerOptions options)
    {
        Options = options;
        Catalog = new ResourceCatalog(BuiltInResources.All);
        Store = new ObjectStore(options.DataDirectory is { } d ? Path.Combine(d, "objects") : null, Catalog.FindGroupResource);
        Certificates = ClusterCertificates.LoadOrCreate(options.DataDirectory is { } p ? Path.Combine(p, "pki") : null, options.TimeProvider, options.ExtraServingNames);
        Authenticators.Add(new AdminAuthenticator(Certificates, options.AdminToken));
    }

    public KubeApiServerOptions Options { get; }
    public TimeProvider Time => Options.TimeProvider;
    public ResourceCatalog Catalog { get; }
    public ObjectStore Store { get; }
    public ClusterCertificates Certificates { get; }

    /// <summary>Tried in order; the first that recognises the request decides.</summary>
    public List<IAuthenticator> Authenticators { get; } = [];
    public IRequestAuthorizer Authorizer { get; set; } = new AllowAuthenticated();
    public List<IAdmissionPlugin> Admission { get; } = [];
    public List<IController> Controllers { get; } = [];

    /// <summary>Non-resource paths by prefix (<c>/openapi/</c>); <c>Anonymous</c> ones are served without authentication.</summary>
    public Dictionary<string, (NonResourceHandler Handler, bool Anonymous)> NonResourcePaths { get; } = new(StringComparer.Ordinal);

    /// <summary>Subresource handlers by <c>groupResource/subresource</c> (<c>serviceaccounts/token</c>).</summary>
    public Dictionary<string, ResourceHandler> Subresources { get; } = new(StringComparer.Ordinal);

    /// <summary>Handlers of create-only kinds by group-resource (<c>tokenreviews.authentication.k8s.io</c>).</summary>
    public Dictionary<string, ResourceHandler> VirtualResources { get; } = new(StringComparer.Ordinal);

    /// <summary>The issuer of service-account tokens (set once at start).</summary>
    public string Issuer { get; internal set; } = "";

    private readonly List<Task> background = [];

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

    /// <inheritdoc />
    public void Dispose()
    {
        Store.Dispose();
        Certificates.Dispose();
    }
}
