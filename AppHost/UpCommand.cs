using System.CommandLine;
using System.Diagnostics;
using Piksel.Emulator.Aws.Faults;
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
    public static Command Create()
    {
        var env = new Option<string>("--env") { Description = "The environment (env/<env>.json).", DefaultValueFactory = _ => "local" };
        var provider = new Option<string?>("--provider") { Description = "embedded | localstack | aws (default: the environment file's)." };
        var port = new Option<int>("--port") { Description = "Port of the AWS endpoint (default 4566; 0 = any free port).", DefaultValueFactory = _ => 4566 };
        var headless = new Option<bool>("--headless") { Description = "Without the Aspire dashboard (as under CI=true): the same environment, started as fast as it can be." };
        var set = SetOption.Create();
        var faults = new FaultArguments();
        var command = new Command("up", "Start the environment, apply the platform and stay up until Ctrl+C.") { env, provider, set, port, headless };
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
        using var telemetry = AppModel.TelemetrySetup.ForHeadless();
        LocalEnvironment local;
        try
        {
            local = await LocalEnvironment.StartAsync(env, target, port, faults, emulatorLogs: null, cancellationToken);
        }
        catch (LocalEnvironmentException e)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return 1;
        }
        timings.Mark("start");
        await using (local)
        {
            if (FaultArguments.Describe(faults, local.Provider.Endpoint) is { } active) Console.WriteLine(active);
            var progress = new Progress<EngineEvent>(e => Console.Error.Write('.'));
            ApplyResult result;
            try
            {
                result = await local.ApplyAsync(
                    plan => Console.WriteLine($"Applying {plan.Changes.Count(c => c.Kind != ChangeKind.NoChange)} of {plan.Changes.Count} resources …"),
                    progress,
                    cancellationToken);
                Console.Error.WriteLine();
                Console.WriteLine($"Applied {result.Summary()}.");
                timings.Mark("apply");
            }
            catch (PlatformEngineException e)
            {
                Console.Error.WriteLine($"\nerror: {e.Message}");
                return 1;
            }

            var outputs = await local.WriteFilesAsync(result, cancellationToken);
            timings.Mark("files");
            Console.WriteLine(local.ReadyText(clock.Elapsed, outputs));
            try { await Task.Delay(Timeout.Infinite, cancellationToken); }
            catch (OperationCanceledException) { }
        }
        Console.WriteLine($"Piksel {env} stopped.");
        return 0;
    }
}
