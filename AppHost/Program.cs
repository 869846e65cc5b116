using System.CommandLine;
using System.Runtime;
using Piksel.AppHost;

// Multi-core JIT: methods this program compiled on its last run are compiled again on a background core while it starts
// (the profile sits beside the build output; measured ~7% off a warm start, bench/ apphost-start).
ProfileOptimization.SetProfileRoot(AppContext.BaseDirectory);
ProfileOptimization.StartProfile("piksel.jitprofile");
var root = new RootCommand("Piksel.Platform: provision and test the Piksel EKS platform. Emulators run with no Docker.");
root.Subcommands.Add(EmulatorCommands.Create());
foreach (var command in PlatformCommands.Create()) root.Subcommands.Add(command);
root.Subcommands.Add(UpCommand.Create());
// With no verb: `up --env local` — the local environment, applied, until Ctrl+C.
root.SetAction((_, cancellationToken) => UpCommand.RunAsync("local", null, cancellationToken));
// Ctrl+C/SIGTERM cancel the command's token; a graceful stop (flushing state, stopping child servers) may take longer
// than System.CommandLine's default two seconds on a loaded machine, after which it would exit 143 mid-shutdown.
var invocation = new InvocationConfiguration { ProcessTerminationTimeout = TimeSpan.FromSeconds(30) };
return await root.Parse(args).InvokeAsync(invocation);
