using System.CommandLine;
using Piksel.AppHost;

var root = new RootCommand("Piksel.Platform: provision and test the Piksel EKS platform. Emulators run with no Docker.");
root.Subcommands.Add(EmulatorCommands.Create());
foreach (var command in PlatformCommands.Create()) root.Subcommands.Add(command);
// With no verb: the local environment (both emulators wired for IRSA) until Ctrl+C. The platform verbs
// (up, plan, apply, destroy, verify) arrive with the engine.
root.SetAction((_, cancellationToken) => LocalEnvironmentCommand.RunAsync(cancellationToken));
return await root.Parse(args).InvokeAsync();
