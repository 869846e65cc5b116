using System.CommandLine;
using System.Runtime;
using System.Runtime.InteropServices;
using Piksel.AppHost;
using Piksel.AppHost.AppModel;

// Multi-core JIT: methods this program compiled on its last run are compiled again on a background core while it starts
// (the profile sits beside the build output; measured ~7% off a warm start, bench/ apphost-start).
ProfileOptimization.SetProfileRoot(AppContext.BaseDirectory);
ProfileOptimization.StartProfile("piksel.jitprofile");
// No verb (or a bare `up`): the Aspire app with its dashboard, which handles Ctrl+C itself.
if (AspireUp.Wants(args)) return await AspireUp.RunAsync(args);
var root = new RootCommand(
    "Piksel.Platform: provision and test the Piksel EKS platform. Emulators run with no Docker. With no command: up --env local. "
    + "An environment's settings come from env/<env>.json, overridden by PIKSEL__<FIELD> environment variables, then by --set field=value.");
root.Subcommands.Add(EmulatorCommands.Create());
foreach (var command in PlatformCommands.Create()) root.Subcommands.Add(command);
root.Subcommands.Add(UpCommand.Create());
root.Subcommands.Add(ExplainCommand.Create());
// With no verb under CI=true: `up --env local --headless`.
root.SetAction((_, cancellationToken) => UpCommand.RunAsync(AspireUpOptions.TryParse([])!, Piksel.Emulator.Aws.Faults.FaultOptions.None, cancellationToken));
// Ctrl+C and SIGTERM cancel the command's token and the command stops gracefully (state flushed, database servers
// stopped), however long that takes on a loaded machine. Handled here rather than by System.CommandLine, whose handler
// gives a command two seconds and could still answer 143 for a command that stopped cleanly.
using var stopping = new CancellationTokenSource();
void Stop(PosixSignalContext context)
{
    context.Cancel = true;
    stopping.Cancel();
}

using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
var invocation = new InvocationConfiguration { ProcessTerminationTimeout = null };
return await root.Parse(args).InvokeAsync(invocation, stopping.Token);
