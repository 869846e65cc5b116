using System.CommandLine;
using System.Security.Cryptography;
using Piksel.Emulator.Aws.Rds;
using Piksel.Hosting.Embedded;
using Piksel.Hosting.LocalStack;
using Piksel.Hosting.Verification;
using Piksel.Platform.Definition;
using Piksel.Platform.Engine;
using Piksel.Platform.Providers;
using Piksel.Platform.Settings;

namespace Piksel.AppHost;

/// <summary>
/// <c>plan</c>, <c>apply</c> and <c>destroy</c> for an environment, Terraform-style: the platform is defined from
/// <c>env/&lt;env&gt;.json</c>, the provider's state lives under <c>.piksel/&lt;env&gt;/state</c>, so one command finds what
/// the previous one made. <c>plan --detailed-exitcode</c> exits 0 (no changes), 2 (changes) or 1 (error).
/// </summary>
internal static class PlatformCommands
{
    private static readonly Option<string> Env = new("--env") { Description = "The environment: a file env/<env>.json (local, dev, staging, production).", DefaultValueFactory = _ => "local" };
    private static readonly Option<string?> Provider = new("--provider") { Description = "embedded | localstack (needs Docker) | aws (default: the environment file's provider)." };

    public static IEnumerable<Command> Create()
    {
        var detailed = new Option<bool>("--detailed-exitcode") { Description = "Exit 0 when nothing would change, 2 when something would, 1 on error." };
        var plan = new Command("plan", "Show what apply would change.") { Env, Provider, detailed };
        plan.SetAction((parse, ct) => RunAsync(parse, async (engine, spec, provider, _) =>
        {
            var result = await engine.PlanAsync(spec, provider, cancellationToken: ct);
            Console.WriteLine(result.Render(showUnchanged: false));
            Console.WriteLine($"Plan: {result.Count(ChangeKind.Create)} to add, {result.Count(ChangeKind.Update)} to change, {result.Count(ChangeKind.Replace)} to replace, {result.Count(ChangeKind.Delete)} to destroy.");
            return parse.GetValue(detailed) ? result.DetailedExitCode : 0;
        }, ct));

        var apply = new Command("apply", "Make the environment match its definition.") { Env, Provider };
        apply.SetAction((parse, ct) => RunAsync(parse, async (engine, spec, provider, _) =>
        {
            var result = await engine.ApplyAsync(await engine.PlanAsync(spec, provider, cancellationToken: ct), provider, cancellationToken: ct);
            Console.WriteLine($"Apply complete in {result.Elapsed.TotalSeconds:F1} s: {result.Summary()}.");
            return 0;
        }, ct));

        var destroy = new Command("destroy", "Remove everything the environment's definition made.") { Env, Provider };
        destroy.SetAction((parse, ct) => RunAsync(parse, async (engine, spec, provider, _) =>
        {
            var result = await engine.DestroyAsync(spec, provider, cancellationToken: ct);
            Console.WriteLine($"Destroy complete in {result.Elapsed.TotalSeconds:F1} s: {result.Done.Count} resources removed, {result.TotalRetries} {(result.TotalRetries == 1 ? "retry" : "retries")}.");
            return 0;
        }, ct));
        var verify = new Command("verify", "Check IRSA least privilege and secret synchronisation of the applied environment; print a table.") { Env, Provider };
        verify.SetAction((parse, ct) => RunAsync(parse, async (_, spec, provider, settings) =>
        {
            var verifier = new PlatformVerifier(provider, settings);
            var report = await verifier.VerifyAsync(spec, new Progress<CheckResult>(r => Console.Error.Write(r.Outcome == CheckOutcome.Failed ? 'F' : '.')), ct);
            Console.Error.WriteLine();
            Console.WriteLine(report.Render());
            return report.Passed ? 0 : DetailedExitCodes.Error;
        }, ct));
        return [plan, apply, destroy, verify];
    }

    private static async Task<int> RunAsync(
        ParseResult parse, Func<PlatformEngine, Piksel.Platform.Spec.PlatformSpec, IPlatformProvider, EnvironmentSettings, Task<int>> body, CancellationToken cancellationToken)
    {
        var env = parse.GetValue(Env)!;
        try
        {
            if (EnvironmentTarget.Resolve(env, parse.GetValue(Provider)) is not { } target)
            {
                return DetailedExitCodes.Error;
            }
            var (settings, root) = target;
            var spec = PikselPlatform.Define(settings);
            if (target.Provider == ProviderKind.LocalStack)
            {
                await using var localStack = await LocalStackProvider.StartAsync(settings, Path.Combine(root, "state"), cancellationToken);
                return await body(new PlatformEngine(), spec, localStack, settings);
            }
            EmbeddedProvider embedded;
            try
            {
                embedded = await EmbeddedProvider.StartAsync(settings, Path.Combine(root, "state"), cancellationToken);
            }
            catch (EnvironmentInUseException e)
            {
                // `dotnet run --project AppHost` keeps this environment up: work through its endpoint, not its files.
                if (AwsEnvFile.ReadEndpoint(root) is not { } endpoint)
                {
                    Console.Error.WriteLine($"error: {e.Message} It has not written {AwsEnvFile.PathIn(root)} yet; wait for its ready line.");
                    return DetailedExitCodes.Error;
                }
                Console.Error.WriteLine($"Using the running environment{(e.OwnerProcessId is { } pid ? $" (process {pid})" : "")} at {endpoint}.");
                await using var running = new RunningEnvironmentProvider(settings, endpoint);
                return await body(new PlatformEngine(), spec, running, settings);
            }
            await using (embedded)
            {
                return await body(new PlatformEngine(), spec, embedded, settings);
            }
        }
        catch (DatabaseServerUnavailableException e)
        {
            // The embedded provider's database runs on the machine's PostgreSQL; nothing was made.
            Console.Error.WriteLine($"error: {e.Message}");
            return DetailedExitCodes.Error;
        }
        catch (EnvironmentSettingsException e)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return DetailedExitCodes.Error;
        }
        catch (PlatformEngineException e)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return DetailedExitCodes.Error;
        }
        catch (CryptographicException e)
        {
            // The master key is missing or not the one that sealed the state: the message names the file.
            Console.Error.WriteLine($"error: {e.Message}");
            return DetailedExitCodes.Error;
        }
    }

}
