using System.CommandLine;
using System.Security.Cryptography;
using Amazon.Runtime;
using Piksel.Emulator.Aws.Rds;
using Piksel.Hosting.Aws;
using Piksel.Hosting.Clusters;
using Piksel.Hosting.Embedded;
using Piksel.Hosting.Existing;
using Piksel.Hosting.LocalStack;
using Piksel.Hosting.Verification;
using Piksel.Platform.Definition;
using Piksel.Platform.Engine;
using Piksel.Platform.Providers;
using Piksel.Platform.Settings;

namespace Piksel.AppHost;

/// <summary>
/// <c>plan</c>, <c>apply</c>, <c>destroy</c> and <c>verify</c> for an environment, Terraform-style: the platform is defined
/// from <c>env/&lt;env&gt;.json</c> and applied through the chosen provider, whose state of record is what it holds (the
/// embedded provider's under <c>.piksel/&lt;env&gt;/state</c>), so one command finds what the previous one made.
/// <c>plan --detailed-exitcode</c> exits 0 (no changes), 2 (changes) or 1 (error); <c>plan</c> never writes.
/// </summary>
internal static class PlatformCommands
{
    private static readonly Option<string> Env = new("--env") { Description = "The environment: a file env/<env>.json (local, dev, staging, production).", DefaultValueFactory = _ => "local" };
    /// <summary><c>--provider</c>, shared by the verbs and <c>up</c>.</summary>
    internal static readonly Option<string?> Provider = new("--provider") { Description = "embedded | localstack (needs Docker) | existing | aws (default: the environment file's provider)." };
    /// <summary><c>--profile</c> (with <c>--provider aws</c>), shared by the verbs and <c>up</c>.</summary>
    internal static readonly Option<string?> Profile = new("--profile") { Description = "With --provider aws: the AWS profile (shared config and credentials files) to take credentials from (default: the standard chain)." };
    /// <summary><c>--confirm-production</c>, shared by apply, destroy and <c>up</c>.</summary>
    internal static readonly Option<bool> ConfirmProduction = new("--confirm-production") { Description = "Required to apply, destroy or bring up the production environment." };

    public static IEnumerable<Command> Create()
    {
        var set = SetOption.Create();
        var detailed = new Option<bool>("--detailed-exitcode") { Description = "Exit 0 when nothing would change, 2 when something would, 1 on error." };
        var plan = new Command("plan", "Show what apply would change; never writes.") { Env, Provider, Profile, set, detailed };
        plan.SetAction((parse, ct) => RunAsync(parse, set, writes: false, async (engine, spec, provider, _) =>
        {
            var result = await engine.PlanAsync(spec, provider, cancellationToken: ct);
            Console.WriteLine(result.Render(showUnchanged: false));
            Console.WriteLine($"Plan: {result.Count(ChangeKind.Create)} to add, {result.Count(ChangeKind.Update)} to change, {result.Count(ChangeKind.Replace)} to replace, {result.Count(ChangeKind.Delete)} to destroy.");
            return parse.GetValue(detailed) ? result.DetailedExitCode : 0;
        }, ct));

        var apply = new Command("apply", "Make the environment match its definition.") { Env, Provider, Profile, set, ConfirmProduction };
        apply.SetAction((parse, ct) => RunAsync(parse, set, writes: true, async (engine, spec, provider, _) =>
        {
            var result = await engine.ApplyAsync(await engine.PlanAsync(spec, provider, cancellationToken: ct), provider, cancellationToken: ct);
            Console.WriteLine($"Apply complete in {result.Elapsed.TotalSeconds:F1} s: {result.Summary()}.");
            return 0;
        }, ct));

        var destroy = new Command("destroy", "Remove everything the environment's definition made.") { Env, Provider, Profile, set, ConfirmProduction };
        destroy.SetAction((parse, ct) => RunAsync(parse, set, writes: true, async (engine, spec, provider, _) =>
        {
            var result = await engine.DestroyAsync(spec, provider, cancellationToken: ct);
            Console.WriteLine($"Destroy complete in {result.Elapsed.TotalSeconds:F1} s: {result.Done.Count} resources removed, {result.TotalRetries} {(result.TotalRetries == 1 ? "retry" : "retries")}.");
            return 0;
        }, ct));
        var verify = new Command("verify", "Check IRSA least privilege, secret synchronisation and the database of the applied environment; print a table.") { Env, Provider, Profile, set };
        verify.SetAction((parse, ct) => RunAsync(parse, set, writes: false, async (_, spec, provider, settings) =>
        {
            var verifier = new PlatformVerifier(provider, settings);
            var report = await verifier.VerifyAsync(spec, new Progress<CheckResult>(r => Console.Error.Write(r.Outcome == CheckOutcome.Failed ? 'F' : '.')), ct);
            Console.Error.WriteLine();
            Console.WriteLine(report.Render());
            return report.Passed ? 0 : DetailedExitCodes.Error;
        }, ct));
        foreach (var command in new[] { plan, apply, destroy, verify })
        {
            foreach (var option in ExistingArguments.Options) command.Options.Add(option);
        }

        return [plan, apply, destroy, verify];
    }

    private static async Task<int> RunAsync(
        ParseResult parse,
        Option<string[]> set,
        bool writes,
        Func<PlatformEngine, Piksel.Platform.Spec.PlatformSpec, IPlatformProvider, EnvironmentSettings, Task<int>> body,
        CancellationToken cancellationToken)
    {
        var env = parse.GetValue(Env)!;
        try
        {
            if (EnvironmentTarget.Resolve(env, parse.GetValue(Provider), parse.GetValue(set)) is not { } target)
            {
                return DetailedExitCodes.Error;
            }

            var settings = target.Settings;
            if (writes && ProductionConfirmation.Refusal(settings.Name, parse.CommandResult.Command.Name, parse.GetValue(ConfirmProduction)) is { } refusal)
            {
                Console.Error.WriteLine($"error: {refusal}");
                return DetailedExitCodes.Error;
            }

            var spec = PikselPlatform.Define(settings);
            var options = new ProviderChoice(parse.GetValue(Profile), target.Provider == ProviderKind.Existing ? ExistingArguments.Read(parse, target.Root) : null);
            await using var provider = await ProviderSession.OpenAsync(target, options, cancellationToken);
            return await body(new PlatformEngine(), spec, provider.Provider, settings);
        }
        catch (ArgumentException e) when (e is not ArgumentNullException)
        {
            // An option's value is malformed (--provider existing's endpoint or keys): nothing was touched.
            Console.Error.WriteLine($"error: {e.Message}");
            return DetailedExitCodes.Error;
        }
        catch (MissingInputsException e)
        {
            // Manual secrets not given: nothing was applied; the message names them (never their values).
            Console.Error.WriteLine($"error: {e.Message} Set PIKSEL_SECRET_<NAME> for each.");
            return DetailedExitCodes.Error;
        }
        catch (AmazonClientException e)
        {
            // No credentials in the chain (or a profile that does not exist): the SDK's own words say where it looked.
            Console.Error.WriteLine($"error: AWS credentials: {e.Message}");
            return DetailedExitCodes.Error;
        }
        catch (Exception e) when (e is AwsProviderException or AwsEndpointException or ClusterSourceException or DockerRequiredException
            or EnvironmentInUseException or DatabaseServerUnavailableException or EnvironmentSettingsException or PlatformEngineException or CryptographicException)
        {
            // The account guard, the hub role, an endpoint, the cluster, Docker, the machine's PostgreSQL, the settings, the
            // engine or the master key stopped the run; each message says what and where (never a secret).
            Console.Error.WriteLine($"error: {e.Message}");
            return DetailedExitCodes.Error;
        }
    }
}
