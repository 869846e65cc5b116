using System.CommandLine;
using Piksel.AppHost;

var root = new RootCommand("Piksel.Platform: provision and test the Piksel EKS platform. Emulators run with no Docker.");
root.Subcommands.Add(EmulatorCommands.Create());
foreach (var command in PlatformCommands.Create()) root.Subcommands.Add(command);
root.Subcommands.Add(UpCommand.Create());
// With no verb: `up --env local` — the local environment, applied, until Ctrl+C.
root.SetAction((_, cancellationToken) => UpCommand.RunAsync("local", null, cancellationToken));
return await root.Parse(args).InvokeAsync();
