using System.CommandLine;
using System.Diagnostics;
using Piksel.AppHost.AppModel;
using Piksel.Emulator.Aws.Faults;
using Piksel.Platform.Engine;

namespace Piksel.AppHost;

/// <summary>
/// <c>up</c> (what <c>dotnet run --project AppHost</c> runs, with <c>--env local</c>): starts or opens the provider,
/// applies the platform, writes <c>.piksel/&lt;env&gt;/kubeconfig</c>, <c>aws.env</c> and <c>outputs.json</c>, prints one
/// ready line and stays up until Ctrl+C, which stops what it started and destroys nothing. State lives under
/// <c>.piksel/&lt;env&gt;/state</c>: the next start finds the same environment. Everything under <c>.piksel/&lt;env&gt;</c>
/// is the owner's alone; the master key that seals the state's keys is kept apart from it (see <c>PIKSEL_MASTER_KEY_FILE</c>).
/// </summary>
internal static class UpCommand
{
    public static Command Create()
    {
        var headless = new Option<bool>("--headless") { Description = "Without the Aspire dashboard (as under CI=true): the same environment, started as fast as it can be." };
        var faults = new FaultArguments();
        var command = new Command("up", "Start the environment, apply the platform and stay up until Ctrl+C.") { headless };
        foreach (var option in AspireUpOptions.Options.Concat(faults.Options)) command.Options.Add(option);
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

            return RunAsync(AspireUpOptions.From(parse), injected, ct);
        });
        return command;
    }

    /// <summary>Runs <c>up</c> headless until <paramref name="cancellationToken"/> is cancelled; 1 when the environment could not start or apply.</summary>
    public static async Task<int> RunAsync(AspireUpOptions options, FaultOptions faults, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var timings = PhaseTimings.FromEnvironment();
        if (Prepare(options) is not { } prepared) return 1;
        var (target, choice) = prepared;
        var env = options.Env;
        timings.Mark("settings");
        using var telemetry = TelemetrySetup.ForHeadless();
        LocalEnvironment local;
        try
        {
            local = await LocalEnvironment.StartAsync(env, target, choice, options.Port, faults, emulatorLogs: null, cancellationToken);
        }
        catch (LocalEnvironmentException e)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return 1;
        }
        timings.Mark("start");
        await using (local)
        {
            if (FaultArguments.Describe(faults, new Uri(local.Endpoint)) is { } active) Console.WriteLine(active);
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
            // Ready promises that verify passes: wait for the operator to sync the ExternalSecrets the apply wrote.
            var syncs = new AppModel.SecretSyncs(local.Provider, await local.SpecAsync(), TimeProvider.System);
            foreach (var (name, state) in await syncs.WaitSyncedAsync(AppModel.EnvironmentRunner.SyncTimeout, TimeSpan.FromMilliseconds(250), cancellationToken))
                Console.Error.WriteLine($"warning: ExternalSecret {name} not synced: {state}");
            timings.Mark("sync");
            Console.WriteLine(local.ReadyText(clock.Elapsed, outputs));
            try { await Task.Delay(Timeout.Infinite, cancellationToken); }
            catch (OperationCanceledException) { }
        }
        Console.WriteLine($"Piksel {env} stopped.");
        return 0;
    }

    /// <summary>
    /// The target and provider options of <paramref name="options"/>, checked before anything starts: the environment file
    /// and provider, the production confirmation (bringing production up applies it), and the provider's options; null,
    /// with the error written, when one is wrong. <paramref name="workingDirectory"/> holds <c>env/</c> and <c>.piksel/</c>.
    /// </summary>
    public static (EnvironmentTarget Target, ProviderChoice Choice)? Prepare(AspireUpOptions options, string? workingDirectory = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (EnvironmentTarget.Resolve(options.Env, options.Provider, options.Set, workingDirectory) is not { } target) return null;
        if (ProductionConfirmation.Refusal(target.Settings.Name, "up", options.ConfirmProduction) is { } refusal)
        {
            Console.Error.WriteLine($"error: {refusal}");
            return null;
        }

        try
        {
            return (target, options.ChoiceFor(target));
        }
        catch (ArgumentException e) when (e is not ArgumentNullException)
        {
            // An option's value is malformed (--provider existing's endpoint or keys): nothing was started.
            Console.Error.WriteLine($"error: {e.Message}");
            return null;
        }
    }
}
