using Microsoft.Extensions.Logging;
using Piksel.Emulator.Kubernetes.Admission;
using Piksel.Emulator.Kubernetes.Auth;
using Piksel.Emulator.Kubernetes.Controllers;
using Piksel.Emulator.Kubernetes.Rest;
using Piksel.Emulator.Kubernetes.Storage;

namespace Piksel.Emulator.Kubernetes;

/// <summary>
/// Everything that extends a <see cref="KubeApiServer"/> — authenticators, the authorizer chain, admission plugins,
/// controllers, extra paths and handlers — given before it starts. Parts are registered as factories: they are made
/// at start from the server's <see cref="ServerContext"/> (controllers from a <see cref="ControllerContext"/> with a
/// client under their own identity) and cannot be added, removed or swapped afterwards. The built-in features register
/// here first, through the same methods; a builder starts one server.
/// </summary>
public sealed class KubeApiServerBuilder
{
    private readonly List<Func<ServerContext, IAuthenticator>> authenticators = [];
    private readonly List<Func<ServerContext, IRequestAuthorizer, IRequestAuthorizer>> authorizers = [];
    private readonly List<Func<ServerContext, IAdmissionPlugin>> admission = [];
    private readonly List<(UserInfo User, Func<ControllerContext, IController> Create)> controllers = [];
    private readonly List<Func<ServerContext, IEnumerable<NonResourcePath>>> paths = [];
    private readonly List<(string Key, Func<ServerContext, ResourceHandler> Create)> subresources = [];
    private readonly List<(string Key, Func<ServerContext, ResourceHandler> Create)> virtualResources = [];
    private readonly List<string> definitions = [];
    private readonly List<Action<ServerContext>> bootstraps = [];
    private IStorageTransformer? storageTransformer;
    private bool started;

    /// <summary>A builder for a server with <paramref name="options"/> (default options when null) and the built-in features.</summary>
    public KubeApiServerBuilder(KubeApiServerOptions? options = null)
    {
        Options = options ?? new KubeApiServerOptions();
        ServerFeatures.Register(this);
    }

    /// <summary>How the server listens and what cluster it pretends to be.</summary>
    public KubeApiServerOptions Options { get; }

    /// <summary>Adds an authenticator after those already added (they are tried in order; the first that recognises a request decides).</summary>
    public KubeApiServerBuilder AddAuthenticator(Func<ServerContext, IAuthenticator> create) => Add(authenticators, create);

    /// <summary>
    /// Wraps the authorizer chain: <paramref name="wrap"/> gets the chain so far (at first <see cref="AllowAuthenticated"/>)
    /// and returns the authorizer that decides from now on, usually one that asks the inner one what it does not decide.
    /// </summary>
    public KubeApiServerBuilder AddAuthorizer(Func<ServerContext, IRequestAuthorizer, IRequestAuthorizer> wrap) => Add(authorizers, wrap);

    /// <summary>
    /// Adds a bootstrap step: it writes what a cluster has before anyone asks (the default RBAC, a chart's roles) straight
    /// into the store, once, after the CRDs are installed and before any other part is made or any controller runs.
    /// </summary>
    public KubeApiServerBuilder AddBootstrap(Action<ServerContext> bootstrap) => Add(bootstraps, bootstrap);

    /// <summary>Adds an admission plugin after those already added; mutating plugins all run before validating ones, each group in this order.</summary>
    public KubeApiServerBuilder AddAdmission(Func<ServerContext, IAdmissionPlugin> create) => Add(admission, create);

    /// <summary>Adds a controller that runs under <paramref name="user"/>: its context's client reads the store and writes through the server's write path as that user.</summary>
    public KubeApiServerBuilder AddController(UserInfo user, Func<ControllerContext, IController> create)
    {
        ArgumentNullException.ThrowIfNull(user);
        return Add(controllers, (user, create));
    }

    /// <summary>Adds non-resource paths (made from the context, e.g. under the issuer's path); a later prefix replaces an earlier one.</summary>
    public KubeApiServerBuilder AddNonResourcePaths(Func<ServerContext, IEnumerable<NonResourcePath>> create) => Add(paths, create);

    /// <summary>Serves the subresource <paramref name="key"/> (<c>groupResource/subresource</c>, e.g. <c>serviceaccounts/token</c>).</summary>
    public KubeApiServerBuilder AddSubresource(string key, Func<ServerContext, ResourceHandler> create) => Add(subresources, (key, create));

    /// <summary>Serves the create-only kind <paramref name="groupResource"/> (a review: answered, never stored).</summary>
    public KubeApiServerBuilder AddVirtualResource(string groupResource, Func<ServerContext, ResourceHandler> create) => Add(virtualResources, (groupResource, create));

    /// <summary>
    /// Encrypts the objects of the resources <paramref name="transformer"/> covers at rest (kube-apiserver's
    /// EncryptionConfiguration; EKS's envelope encryption of Secrets with the cluster's KMS key). One per server; without
    /// one, a server with a data directory encrypts Secrets under a key derived from its master key.
    /// </summary>
    public KubeApiServerBuilder UseStorageTransformer(IStorageTransformer transformer)
    {
        ArgumentNullException.ThrowIfNull(transformer);
        EnsureNotStarted();
        if (storageTransformer is not null) throw new InvalidOperationException("This builder already has a storage transformer; a server has one.");
        storageTransformer = transformer;
        return this;
    }

    /// <summary>
    /// Installs CustomResourceDefinitions (YAML; several documents per string allowed) before the server listens, as a
    /// chart's <c>crds/</c> would: each is validated as a client's would be (the server does not start with an invalid
    /// one), replaces an older stored copy, and its kind is served from the first request on.
    /// </summary>
    public KubeApiServerBuilder AddCustomResourceDefinitions(IEnumerable<string> yaml)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        EnsureNotStarted();
        definitions.AddRange(yaml);
        return this;
    }

    /// <summary>
    /// Compiles CRDs' <c>x-kubernetes-validations</c> rules with <paramref name="compiler"/> (default:
    /// <see cref="Crds.CrdFeature.DefaultValidationRuleCompiler"/>).
    /// </summary>
    public KubeApiServerBuilder UseValidationRuleCompiler(Crds.IValidationRuleCompiler compiler)
    {
        ArgumentNullException.ThrowIfNull(compiler);
        EnsureNotStarted();
        ValidationRuleCompiler = compiler;
        return this;
    }

    /// <summary>The compiler of CRD validation rules; null when none (CRDs with rules are then refused).</summary>
    internal Crds.IValidationRuleCompiler? ValidationRuleCompiler { get; private set; } = Crds.CrdFeature.DefaultValidationRuleCompiler;

    /// <summary>The storage transformer given to the builder, if any.</summary>
    internal IStorageTransformer? StorageTransformer => storageTransformer;

    /// <summary>Starts the server and returns once it accepts requests; its parts are fixed from here on.</summary>
    public Task<KubeApiServer> StartAsync(ILoggerFactory? loggerFactory = null, CancellationToken cancellationToken = default)
    {
        EnsureNotStarted();
        started = true;
        Options.Validate();
        return KubeApiServer.StartAsync(this, loggerFactory, cancellationToken);
    }

    /// <summary>Makes every part from <paramref name="context"/>: first the request pipeline's, then the controllers over its write path.</summary>
    internal ApiServerState Build(ServerContext context)
    {
        Crds.DefinitionInstaller.Install(context, definitions, ValidationRuleCompiler);
        foreach (var bootstrap in bootstraps) bootstrap(context);
        IRequestAuthorizer authorizer = new AllowAuthenticated();
        foreach (var wrap in authorizers) authorizer = wrap(context, authorizer);
        var nonResourcePaths = new Dictionary<string, NonResourcePath>(StringComparer.Ordinal);
        foreach (var path in paths.SelectMany(p => p(context))) nonResourcePaths[path.Prefix] = path;
        var parts = new ServerParts(
            [.. authenticators.Select(a => a(context))],
            authorizer,
            new AdmissionChain(admission.Select(a => a(context))),
            nonResourcePaths,
            Handlers(subresources, context),
            Handlers(virtualResources, context));
        var writer = new ObjectWriter(context, parts.Admission, authorizer);
        var made = controllers.Select(c => c.Create(new ControllerContext(context, writer, c.User))).ToList();
        return new ApiServerState(context, parts, writer, made);
    }

    private static Dictionary<string, ResourceHandler> Handlers(List<(string Key, Func<ServerContext, ResourceHandler> Create)> registered, ServerContext context)
    {
        var handlers = new Dictionary<string, ResourceHandler>(StringComparer.Ordinal);
        foreach (var (key, create) in registered) handlers[key] = create(context);
        return handlers;
    }

    private KubeApiServerBuilder Add<T>(List<T> parts, T part)
    {
        ArgumentNullException.ThrowIfNull(part);
        EnsureNotStarted();
        parts.Add(part);
        return this;
    }

    private void EnsureNotStarted()
    {
        if (started)
            throw new InvalidOperationException("This builder has already started its server, whose parts are fixed: give authenticators, authorizers, admission plugins and controllers to a new builder before StartAsync.");
    }
}
