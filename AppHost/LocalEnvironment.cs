using System.Security.Cryptography;
using System.Text.Json;
using Piksel.Emulator.Aws.Faults;
using Piksel.Emulator.Aws.Rds;
using Piksel.Hosting.Embedded;
using Piksel.Platform.Definition;
using Piksel.Platform.Engine;
using Piksel.Platform.Settings;
using Piksel.Platform.Spec;

namespace Piksel.AppHost;

/// <summary>A local environment that cannot start, with the sentence the user reads (the environment's files unchanged).</summary>
internal sealed class LocalEnvironmentException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// The embedded environment <c>up</c> keeps running, in both its forms (the Aspire app and <c>--headless</c>): the
/// emulators started on <c>.piksel/&lt;env&gt;/state</c>, the platform planned and applied, then <c>kubeconfig</c>,
/// <c>aws.env</c> and <c>outputs.json</c> written for the user's own tools. Disposing it stops the emulators and the
/// database servers, keeping the state for the next start.
/// </summary>
internal sealed class LocalEnvironment : IAsyncDisposable
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };
    private readonly Task<PlatformSpec> defining;

    private LocalEnvironment(string name, EnvironmentSettings settings, string root, EmbeddedProvider provider, Task<PlatformSpec> defining)
    {
        Name = name;
        Settings = settings;
        Root = root;
        Provider = provider;
        this.defining = defining;
    }

    /// <summary>The environment's name (<c>local</c>).</summary>
    public string Name { get; }

    /// <summary>Its settings.</summary>
    public EnvironmentSettings Settings { get; }

    /// <summary><c>.piksel/&lt;env&gt;</c>.</summary>
    public string Root { get; }

    /// <summary>The running emulators.</summary>
    public EmbeddedProvider Provider { get; }

    /// <summary>The AWS endpoint without its trailing slash.</summary>
    public string Endpoint => Provider.Endpoint.ToString().TrimEnd('/');

    /// <summary>
    /// Starts the embedded provider for <paramref name="target"/>, the emulators logging to <paramref name="emulatorLogs"/>
    /// (null: quiet, as headless); <see cref="LocalEnvironmentException"/> says why it cannot.
    /// </summary>
    public static async Task<LocalEnvironment> StartAsync(string name, EnvironmentTarget target, int port, FaultOptions faults, Microsoft.Extensions.Logging.ILoggerFactory? emulatorLogs, CancellationToken cancellationToken)
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
            return new LocalEnvironment(name, settings, root, provider, defining);
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

    /// <summary>Plans the platform against the running emulators; <paramref name="planned"/> sees the plan before it is applied.</summary>
    public async Task<ApplyResult> ApplyAsync(Action<Plan> planned, IProgress<EngineEvent> progress, CancellationToken cancellationToken)
    {
        var engine = new PlatformEngine();
        var plan = await engine.PlanAsync(await defining, Provider, cancellationToken: cancellationToken);
        planned(plan);
        return await engine.ApplyAsync(plan, Provider, progress, cancellationToken);
    }

    /// <summary>Writes <c>outputs.json</c>, <c>aws.env</c> and (with a cluster) <c>kubeconfig</c>; returns the outputs.</summary>
    public async Task<IReadOnlyDictionary<string, string>> WriteFilesAsync(ApplyResult result, CancellationToken cancellationToken)
    {
        var outputs = new SortedDictionary<string, string>(result.Outputs.ToDictionary(), StringComparer.Ordinal);
        await PrivateFiles.WriteAllTextAsync(Path.Combine(Root, "outputs.json"), JsonSerializer.Serialize(outputs, Indented), cancellationToken);
        // The root keys the emulator holds for the environment's account (test/test for local's 000000000000).
        var keys = await Provider.Aws.GetCredentialsAsync(Settings.Account, cancellationToken);
        await AwsEnvFile.WriteAsync(Root, Endpoint, Settings.Region, keys, cancellationToken);
        if (outputs.GetValueOrDefault("cluster.name") is { } clusterName
            && await Provider.Cluster.GetKubeconfigAsync(clusterName, cancellationToken) is { } kubeconfig)
        {
            await KubeconfigFile.WriteAsync(Root, kubeconfig, cancellationToken);
        }
        return outputs;
    }

    /// <summary>The ready line and how to use the environment, as <c>up</c> prints them.</summary>
    public string ReadyText(TimeSpan elapsed, IReadOnlyDictionary<string, string> outputs) =>
        $"Piksel {Name} ready in {elapsed.TotalSeconds:F1} s: AWS {Endpoint} · cluster {outputs.GetValueOrDefault("cluster.endpoint")} · OIDC {outputs.GetValueOrDefault("cluster.oidcIssuer")}\n"
        + $"  export KUBECONFIG={KubeconfigFile.PathIn(Root)}\n"
        + $"  source {AwsEnvFile.PathIn(Root)}\n"
        + $"  outputs: {Path.Combine(Root, "outputs.json")}. Ctrl+C stops; state is kept for the next start.";

    /// <inheritdoc />
    public ValueTask DisposeAsync() => Provider.DisposeAsync();
}
