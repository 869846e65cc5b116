using System.Security.Cryptography;
using System.Text.Json;
using Amazon.Runtime;
using Microsoft.Extensions.Logging;
using Piksel.Emulator.Aws.Faults;
using Piksel.Emulator.Aws.Rds;
using Piksel.Hosting.Aws;
using Piksel.Hosting.Clusters;
using Piksel.Hosting.Embedded;
using Piksel.Hosting.Existing;
using Piksel.Hosting.LocalStack;
using Piksel.Platform.Definition;
using Piksel.Platform.Engine;
using Piksel.Platform.Providers;
using Piksel.Platform.Settings;
using Piksel.Platform.Spec;

namespace Piksel.AppHost;

/// <summary>A local environment that cannot start, with the sentence the user reads (the environment's files unchanged).</summary>
internal sealed class LocalEnvironmentException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// The environment <c>up</c> holds from this machine, in both its forms (the Aspire app and <c>--headless</c>), on any
/// provider: the embedded emulators started on <c>.piksel/&lt;env&gt;/state</c>, LocalStack's containers, what the user
/// already runs (<c>existing</c>) or the real accounts behind the account guard (<c>aws</c>), opened as the verbs open
/// them (<see cref="ProviderSession"/>); the platform planned and applied, then <c>kubeconfig</c>, <c>aws.env</c> and
/// <c>outputs.json</c> written for the user's own tools. Disposing it stops what it started (emulators, database
/// servers, containers) and never destroys anything: the state is kept for the next start.
/// </summary>
internal sealed class LocalEnvironment : IAsyncDisposable
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };
    private readonly Task<PlatformSpec> defining;
    private readonly PlatformEngine engine = new();
    private readonly IAsyncDisposable owner;

    private LocalEnvironment(string name, EnvironmentSettings settings, string root, IPlatformProvider provider, Task<PlatformSpec> defining, IAsyncDisposable owner)
    {
        Name = name;
        Settings = settings;
        Root = root;
        Provider = provider;
        this.defining = defining;
        this.owner = owner;
    }

    /// <summary>The environment's name (<c>local</c>).</summary>
    public string Name { get; }

    /// <summary>Its settings.</summary>
    public EnvironmentSettings Settings { get; }

    /// <summary><c>.piksel/&lt;env&gt;</c>.</summary>
    public string Root { get; }

    /// <summary>The provider the environment runs on.</summary>
    public IPlatformProvider Provider { get; }

    /// <summary>
    /// The AWS endpoint without its trailing slash: the emulator's, LocalStack's, the user's (<c>--aws-endpoint</c>,
    /// <c>AWS_ENDPOINT_URL</c>), or, on real AWS, the region's STS endpoint (the one the account guard asks).
    /// </summary>
    public string Endpoint => (Provider.Aws.ServiceUrlFor("sts") ?? new Uri($"https://sts.{Settings.Region}.amazonaws.com")).ToString().TrimEnd('/');

    /// <summary>Whether the endpoint serves LocalStack's <c>/_localstack/health</c> (the embedded emulator and LocalStack do).</summary>
    public bool ServesLocalStackHealth => Provider.Kind is ProviderKind.Embedded or ProviderKind.LocalStack;

    /// <summary>On <c>aws</c>, the account guard's line (the environment's account and who acts in it); otherwise null.</summary>
    public string? GuardLine => Provider is AwsProvider aws ? ProviderSession.GuardLine(aws) : null;

    /// <summary>
    /// Opens <paramref name="target"/>'s provider: the embedded one with <paramref name="port"/> and
    /// <paramref name="faults"/> (<see cref="StartAsync(string, EnvironmentTarget, int, FaultOptions, ILoggerFactory, CancellationToken)"/>),
    /// any other as <see cref="ProviderSession"/> opens it for the verbs, with <paramref name="choice"/>'s options; the
    /// embedded emulators log to <paramref name="emulatorLogs"/> (null: quiet, as headless).
    /// <see cref="LocalEnvironmentException"/> says why it cannot start; nothing has been changed then.
    /// </summary>
    public static async Task<LocalEnvironment> StartAsync(
        string name, EnvironmentTarget target, ProviderChoice choice, int port, FaultOptions faults, ILoggerFactory? emulatorLogs, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(choice);
        if (target.Provider == ProviderKind.Embedded) return await StartAsync(name, target, port, faults, emulatorLogs, cancellationToken);
        if (faults.Active) throw new LocalEnvironmentException($"fault injection runs in the embedded emulator; --provider {target.Provider.ToString().ToLowerInvariant()} takes no --fault/--faults.");
        var (settings, root) = target;
        var defining = Task.Run(() => PikselPlatform.Define(settings), cancellationToken);
        try
        {
            PrivateFiles.EnsureOwnDirectory(root);
            var session = await ProviderSession.OpenAsync(target, choice, cancellationToken);
            return new LocalEnvironment(name, settings, root, session.Provider, defining, session);
        }
        catch (AmazonClientException e)
        {
            // No credentials in the chain (or a profile that does not exist): the SDK's own words say where it looked.
            throw new LocalEnvironmentException($"AWS credentials: {e.Message}", e);
        }
        catch (Exception e) when (e is AwsProviderException or AwsEndpointException or ClusterSourceException or DockerRequiredException)
        {
            // The account guard, the hub role, the endpoint, the cluster or Docker stopped the start; each says what and where (never a secret).
            throw new LocalEnvironmentException(e.Message, e);
        }
    }

    /// <summary>
    /// Starts the embedded provider for <paramref name="target"/>, the emulators logging to <paramref name="emulatorLogs"/>
    /// (null: quiet, as headless); <see cref="LocalEnvironmentException"/> says why it cannot.
    /// </summary>
    public static async Task<LocalEnvironment> StartAsync(string name, EnvironmentTarget target, int port, FaultOptions faults, ILoggerFactory? emulatorLogs, CancellationToken cancellationToken)
    {
        var (settings, root) = target;
        // Defining the platform needs nothing from the emulator: it runs on another core while the emulator starts.
        var defining = Task.Run(() => PikselPlatform.Define(settings), cancellationToken);
        try
        {
            // The database runs on the machine's PostgreSQL: without it, stop now, before anything is made.
            EmbeddedProvider.EnsurePrerequisites();
            PrivateFiles.EnsureOwnDirectory(root);
            var provider = await EmbeddedProvider.StartAsync(settings, Path.Combine(root, "state"), port, faults, emulatorLogs, cancellationToken);
            return new LocalEnvironment(name, settings, root, provider, defining, provider);
        }
        catch (DatabaseServerUnavailableException e)
        {
            throw new LocalEnvironmentException(e.Message, e);
        }
        catch (EnvironmentInUseException e)
        {
            throw new LocalEnvironmentException($"the {name} environment is already up{(e.OwnerProcessId is { } pid ? $" in process {pid}" : "")}; use it (plan, apply, verify and destroy find it) or stop it first.", e);
        }
        catch (IOException e) when (e.Message.Contains("address already in use", StringComparison.OrdinalIgnoreCase))
        {
            throw new LocalEnvironmentException($"port {port} is already in use (LocalStack or another emulator?); stop it first or pass --port.", e);
        }
        catch (CryptographicException e)
        {
            // The master key is missing or not the one that sealed the state: the message names the file.
            throw new LocalEnvironmentException(e.Message, e);
        }
    }

    /// <summary>The platform's spec (defined while the emulators started).</summary>
    public Task<PlatformSpec> SpecAsync() => defining;

    /// <summary>Plans the platform against the running provider (read-only, so it may run while the rest of the app starts).</summary>
    public async Task<Plan> PlanAsync(CancellationToken cancellationToken) =>
        await engine.PlanAsync(await defining, Provider, cancellationToken: cancellationToken);

    /// <summary>Applies <paramref name="plan"/> (from <see cref="PlanAsync"/>).</summary>
    public Task<ApplyResult> ApplyAsync(Plan plan, IProgress<EngineEvent> progress, CancellationToken cancellationToken) =>
        engine.ApplyAsync(plan, Provider, progress, cancellationToken);

    /// <summary>Plans the platform and applies it; <paramref name="planned"/> sees the plan before it is applied.</summary>
    public async Task<ApplyResult> ApplyAsync(Action<Plan> planned, IProgress<EngineEvent> progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(planned);
        var plan = await PlanAsync(cancellationToken);
        planned(plan);
        return await ApplyAsync(plan, progress, cancellationToken);
    }

    /// <summary>
    /// Writes <c>outputs.json</c>, <c>aws.env</c> (not on <c>aws</c>: the user's own credentials stay where they are) and
    /// (with a cluster) <c>kubeconfig</c>; returns the outputs.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, string>> WriteFilesAsync(ApplyResult result, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(result);
        var outputs = new SortedDictionary<string, string>(result.Outputs.ToDictionary(), StringComparer.Ordinal);
        await PrivateFiles.WriteAllTextAsync(Path.Combine(Root, "outputs.json"), JsonSerializer.Serialize(outputs, Indented), cancellationToken);
        if (Provider.Kind != ProviderKind.Aws)
        {
            // The keys the endpoint holds for the environment's account (test/test for local's 000000000000).
            var keys = await Provider.Aws.GetCredentialsAsync(Settings.Account, cancellationToken);
            await AwsEnvFile.WriteAsync(Root, Endpoint, Settings.Region, keys, cancellationToken);
        }

        if (outputs.GetValueOrDefault("cluster.name") is { } clusterName
            && await Provider.Cluster.GetKubeconfigAsync(clusterName, cancellationToken) is { } kubeconfig)
        {
            await KubeconfigFile.WriteAsync(Root, kubeconfig, cancellationToken);
        }
        return outputs;
    }

    /// <summary>The ready line and how to use the environment, as <c>up</c> prints them.</summary>
    public string ReadyText(TimeSpan elapsed, IReadOnlyDictionary<string, string> outputs) =>
        $"Piksel {Name} ready in {elapsed.TotalSeconds:F1} s{On}: AWS {Endpoint} · cluster {outputs.GetValueOrDefault("cluster.endpoint")} · OIDC {outputs.GetValueOrDefault("cluster.oidcIssuer")}\n"
        + $"  export KUBECONFIG={KubeconfigFile.PathIn(Root)}\n"
        + (Provider.Kind == ProviderKind.Aws ? "" : $"  source {AwsEnvFile.PathIn(Root)}\n")
        + $"  outputs: {Path.Combine(Root, "outputs.json")}. {Stopping}";

    /// <summary>Where it runs, after "ready in n s" (nothing for embedded, whose line stays as it was).</summary>
    private string On => Provider.Kind switch
    {
        ProviderKind.LocalStack => " on LocalStack and k3s",
        ProviderKind.Existing => " on the existing endpoint and cluster",
        ProviderKind.Aws => $" on AWS account {Settings.Account}",
        _ => "",
    };

    /// <summary>What Ctrl+C does on this provider.</summary>
    private string Stopping => Provider.Kind switch
    {
        ProviderKind.Embedded => "Ctrl+C stops; state is kept for the next start.",
        ProviderKind.LocalStack => "Ctrl+C stops the containers; the harness's records and the database data are kept.",
        _ => "Ctrl+C stops the app; nothing is destroyed (destroy does that).",
    };

    /// <inheritdoc />
    public ValueTask DisposeAsync() => owner.DisposeAsync();
}
