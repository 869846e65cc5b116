using Piksel.Emulator.Kubernetes.Api;
using Piksel.Emulator.Kubernetes.Auth;
using Piksel.Emulator.Kubernetes.Rest;
using Piksel.Emulator.Kubernetes.Security;

namespace Piksel.Emulator.Kubernetes.Controllers;

/// <summary>What a controller is made from: the cluster's options, clock, catalog and PKI, and a client under its identity.</summary>
public sealed class ControllerContext
{
    private readonly ServerContext server;
    private readonly ObjectWriter writer;

    internal ControllerContext(ServerContext server, ObjectWriter writer, UserInfo user)
    {
        this.server = server;
        this.writer = writer;
        User = user;
        Client = ClientFor(user);
    }

    /// <summary>The options the server was started with.</summary>
    public KubeApiServerOptions Options => server.Options;

    /// <summary>The cluster's clock.</summary>
    public TimeProvider Time => server.Time;

    /// <summary>The kinds the server serves (custom resources come and go).</summary>
    public ResourceCatalog Catalog => server.Catalog;

    /// <summary>The cluster's CA (what the root-ca publisher hands out).</summary>
    public ClusterCertificates Certificates => server.Certificates;

    /// <summary>The identity the controller was registered with.</summary>
    public UserInfo User { get; }

    /// <summary>The controller's client, writing as <see cref="User"/>.</summary>
    public IControllerClient Client { get; }

    /// <summary>
    /// A client writing as <paramref name="user"/>, for a controller that plays several components (the scheduler binds
    /// pods, the kubelet reports them).
    /// </summary>
    public IControllerClient ClientFor(UserInfo user) => new ControllerClient(server, writer, user);
}
