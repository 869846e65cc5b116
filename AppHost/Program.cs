using System.CommandLine;
using Piksel.AppHost;

var root = new RootCommand("Piksel.Platform: provision and test the Piksel EKS platform. Emulators run with no Docker.");
root.Subcommands.Add(EmulatorCommands.Create());
root.SetAction(_ =>
{
    Console.Error.WriteLine("The platform verbs (up, plan, apply, destroy, verify) arrive with the engine; today: `emulator aws`.");
    Console.Error.WriteLine("Try: dotnet run --project AppHost -- emulator aws");
    return 1;
});
return await root.Parse(args).InvokeAsync();
