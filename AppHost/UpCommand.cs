using System.CommandLine;
using System.Diagnostics;
using System.Security.Cryptography;
using System.Text.Json;
using Piksel.Emulator.Aws.Faults;
using Piksel.Emulator.Aws.Rds;
using Piksel.Hosting.Embedded;
using Piksel.Platform.Definition;
using Piksel.Platform.Engine;
using Piksel.Platform.Providers;
using Piksel.Platform.Settings;

namespace Piksel.AppHost;

/// <summary>
/// <c>up</c> (what <c>dotnet run --project AppHost</c> runs, with <c>--env local</c>): starts the provider, applies the
/// platform, writes <c>.piksel/&lt;env&gt;/kubeconfig</c>, <c>aws.env</c> and <c>outputs.json</c>, prints one ready line and
/// stays up until Ctrl+C. State lives under <c>.piksel/&lt;env&gt;/state</c>: the next start finds the same environment.
/// Everything under <c>.piksel/&lt;env&gt;</c> is the owner's alone; the master key that seals the state's keys is kept
/// apart from it (see <c>PIKSEL_MASTER_KEY_FILE</c>).
/// </summary>
internal static class UpCommand
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static Command Create()
    {
        var env = new Option<string>("--env") { Description = "The environment (env/<env>.json).", DefaultValueFactory = _ => "local" };
        var provider = new Option<string?>("--provider") { Description = "embedded | localstack | aws (default: the environment file's)." };
        var port = new Option<int>("--port") { Description = "Port of the AWS endpoint (default 4566; 0 = any free port).", DefaultValueFactory = _ => 4566 };
        var set = SetOption.Create();
        var faults = new FaultArguments();
        var command = new Command("up", "Start the environment, apply the platform and stay up until Ctrl+C.") { env, provider, set, port };
        foreach (var option in faults.Options) command.Options.Add(option);
        command.SetAction((parse, ct) =>
        {
            FaultOptions injected;
            try
            {
                injected = faults.Read(parse);
            }
            catch (ArgumentException e)
            {
                Console.Error.WriteLine($"error: {e.Message}");
                return Task.FromResult(1);
            }

            return RunAsync(parse.GetValue(env)!, parse.GetValue(provider), parse.GetValue(port), injected, parse.GetValue(set) ?? [], ct);
        });
        return command;
    }

    public static Task<int> RunAsync(string env, string? providerName, CancellationToken cancellationToken) =>
        RunAsync(env, providerName, 4566, FaultOptions.None, [], cancellationToken);

    public static async Task<int> RunAsync(
        string env, string? providerName, int port, FaultOptions faults, IReadOnlyList<string> set, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var timings = PhaseTimings.FromEnvironment();
        if (EnvironmentTarget.Resolve(env, providerName, set) is not { } target)
        {
            return 1;
        }
        var (settings, root) = target;
        switch (target.Provider)
        {
            case ProviderKind.Aws or ProviderKind.Existing:
                // up keeps local emulators or containers running until Ctrl+C; real accounts and what the user runs have
                // nothing for it to keep up.
                Console.Error.WriteLine($"error: up runs the local providers (embedded, localstack); to apply {env} with --provider {target.Provider.ToString().ToLowerInvariant()} use: apply --env {env} --provider {target.Provider.ToString().ToLowerInvariant()}.");
                return 1;
            case ProviderKind.LocalStack:
                return await LocalStackUp.RunAsync(env, settings, root, cancellationToken);
        }

        timings.Mark("settings");
        // Defining the platform needs nothing from the emulator: it runs on another core while the emulator starts.
        var defining = Task.Run(() => PikselPlatform.Define(settings), cancellationToken);
        try
        {
            // The database runs on the machine's PostgreSQL: without it, stop now, before anything is made.
            EmbeddedProvider.EnsurePrerequisites();
        }
        catch (DatabaseServerUnavailableException e)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return 1;
        }
        PrivateFiles.EnsureOwnDirectory(root);
        EmbeddedProvider embedded;
        try
        {
            embedded = await EmbeddedProvider.StartAsync(settings, Path.Combine(root, "state"), port, faults, cancellationToken);
        }
        catch (EnvironmentInUseException e)
        {
            Console.Error.WriteLine($"error: the {env} environment is already up{(e.OwnerProcessId is { } pid ? $" in process {pid}" : "")}; use it (plan, apply, verify and destroy find it) or stop it first.");
            return 1;
        }
        catch (IOException e) when (e.Message.Contains("address already in use", StringComparison.OrdinalIgnoreCase))
        {
            Console.Error.WriteLine($"error: port {port} is already in use (LocalStack or another emulator?); stop it first or pass --port.");
            return 1;
        }
        catch (CryptographicException e)
        {
            // The master key is missing or not the one that sealed the state: the message names the file.
            Console.Error.WriteLine($"error: {e.Message}");
            return 1;
        }
        timings.Mark("start");
        await using (embedded)
        {
            if (FaultArguments.Describe(faults, embedded.Endpoint) is { } active) Console.WriteLine(active);
            var spec = await defining;
            timings.Mark("define");
            var engine = new PlatformEngine();
            var progress = new Progress<EngineEvent>(e => Console.Error.Write('.'));
            ApplyResult result;
            try
            {
                var plan = await engine.PlanAsync(spec, embedded, cancellationToken: cancellationToken);
                timings.Mark("plan");
                Console.WriteLine($"Applying {plan.Changes.Count(c => c.Kind != ChangeKind.NoChange)} of {plan.Changes.Count} resources …");
                result = await engine.ApplyAsync(plan, embedded, progress, cancellationToken);
                Console.Error.WriteLine();
                Console.WriteLine($"Applied {result.Summary()}.");
                timings.Mark("apply");
            }
            catch (PlatformEngineException e)
            {
                Console.Error.WriteLine($"\nerror: {e.Message}");
                return 1;
            }

            var outputs = new SortedDictionary<string, string>(result.Outputs.ToDictionary(), StringComparer.Ordinal);
            await PrivateFiles.WriteAllTextAsync(Path.Combine(root, "outputs.json"), JsonSerializer.Serialize(outputs, Indented), cancellationToken);
            var endpoint = embedded.Endpoint.ToString().TrimEnd('/');
            // The root keys the emulator holds for the environment's account (test/test for local's 000000000000).
            var keys = await embedded.Aws.GetCredentialsAsync(settings.Account, cancellationToken);
            await AwsEnvFile.WriteAsync(root, endpoint, settings.Region, keys, cancellationToken);
            if (outputs.GetValueOrDefault("cluster.name") is { } clusterName
                && await embedded.Cluster.GetKubeconfigAsync(clusterName, cancellationToken) is { } kubeconfig)
            {
                await KubeconfigFile.WriteAsync(root, kubeconfig, cancellationToken);
            }
            timings.Mark("files");

            Console.WriteLine($"Piksel {env} ready in {clock.Elapsed.TotalSeconds:F1} s: AWS {endpoint} · cluster {outputs.GetValueOrDefault("cluster.endpoint")} · OIDC {outputs.GetValueOrDefault("cluster.oidcIssuer")}");
            Console.WriteLine($"  export KUBECONFIG={KubeconfigFile.PathIn(root)}");
            Console.WriteLine($"  source {AwsEnvFile.PathIn(root)}");
            Console.WriteLine($"  outputs: {Path.Combine(root, "outputs.json")}. Ctrl+C stops; state is kept for the next start.");
            try { await Task.Delay(Timeout.Infinite, cancellationToken); }
            catch (OperationCanceledException) { }
        }
        Console.WriteLine($"Piksel {env} stopped.");
        return 0;
    }
}
