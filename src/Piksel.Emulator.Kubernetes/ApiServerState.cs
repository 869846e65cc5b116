using System.Collections.Frozen;
using System.Collections.Immutable;
using Piksel.Emulator.Kubernetes.Admission;
using Piksel.Emulator.Kubernetes.Api;
using Piksel.Emulator.Kubernetes.Auth;
using Piksel.Emulator.Kubernetes.Controllers;
using Piksel.Emulator.Kubernetes.Rest;
using Piksel.Emulator.Kubernetes.Security;
using Piksel.Emulator.Kubernetes.Storage;

namespace Piksel.Emulator.Kubernetes;

/// <summary>
/// A started server: the <see cref="ServerContext"/> its parts were built from and the parts themselves
/// (authenticators, authorizer chain, admission, controllers, extra paths and handlers), fixed by
/// <see cref="KubeApiServerBuilder"/> before start and read-only from then on.
/// </summary>
public sealed class ApiServerState : IDisposable
{
    internal ApiServerState(ServerContext context, ServerParts parts, ObjectWriter writer, IEnumerable<IController> controllers)
    {
        Context = context;
        Authenticators = [.. parts.Authenticators];
        Authorizer = parts.Authorizer;
        Admission = parts.Admission.Plugins;
        NonResourcePaths = parts.NonResourcePaths.ToFrozenDictionary(StringComparer.Ordinal);
        Subresources = parts.Subresources.ToFrozenDictionary(StringComparer.Ordinal);
        VirtualResources = parts.VirtualResources.ToFrozenDictionary(StringComparer.Ordinal);
        Writer = writer;
        Controllers = [.. controllers];
    }

    /// <summary>Options, clock, catalog, storage, PKI and tokens.</summary>
    public ServerContext Context { get; }

    /// <summary>The options the server was started with.</summary>
    public KubeApiServerOptions Options => Context.Options;

    /// <summary>The cluster's clock.</summary>
    public TimeProvider Time => Context.Time;

    /// <summary>The kinds the server serves.</summary>
    public ResourceCatalog Catalog => Context.Catalog;

    /// <summary>The versioned object store.</summary>
    public ObjectStore Store => Context.Store;

    /// <summary>The cluster's CA, serving and admin certificates.</summary>
    public ClusterCertificates Certificates => Context.Certificates;

    /// <summary>The issuer of service-account tokens.</summary>
    public string Issuer => Context.Issuer;

    /// <summary>Tried in order; the first that recognises the request decides.</summary>
    public ImmutableArray<IAuthenticator> Authenticators { get; }

    /// <summary>The authorizer chain (each registered authorizer wraps the ones before it).</summary>
    public IRequestAuthorizer Authorizer { get; }

    /// <summary>The admission plugins in their declared order (mutating ones run first).</summary>
    public ImmutableArray<IAdmissionPlugin> Admission { get; }

    /// <summary>The control loops running beside the server.</summary>
    public ImmutableArray<IController> Controllers { get; }

    /// <summary>Non-resource paths by prefix (<c>/openapi/</c>).</summary>
    public FrozenDictionary<string, NonResourcePath> NonResourcePaths { get; }

    /// <summary>Subresource handlers by <c>groupResource/subresource</c> (<c>serviceaccounts/token</c>).</summary>
    public FrozenDictionary<string, ResourceHandler> Subresources { get; }

    /// <summary>Handlers of create-only kinds by group-resource (<c>tokenreviews.authentication.k8s.io</c>).</summary>
    public FrozenDictionary<string, ResourceHandler> VirtualResources { get; }

    /// <summary>The one write path (admission, optimistic concurrency, deletion rules) clients and controllers share.</summary>
    public ObjectWriter Writer { get; }

    /// <summary>Waits for start-up work that may still write to the data directory.</summary>
    internal Task DrainBackgroundAsync() => Context.DrainBackgroundAsync();

    /// <inheritdoc />
    public void Dispose() => Context.Dispose();
}
