using System.CommandLine;
using Piksel.AppHost;

var root = new RootCommand("Piksel.Platform: provision and test the Piksel EKS platform. Emulators run with no Docker.");
root.Subcommands.Add(EmulatorCommands.Create());
root.SetAction(_ =>
{
    Console.Error.WriteLine("The platform verbs (up, plan, apply, destroy, verify) arrive with the engine; today the emulators run on their own:");
    Console.Error.WriteLine("  dotnet run --project AppHost -- emulator aws          # IAM, STS, Secrets Manager, KMS, S3 on :4566");
    Console.Error.WriteLine("  dotnet run --project AppHost -- emulator kubernetes   # a Kubernetes API server on :6443 with a kubeconfig");
    return 1;
});
return await root.Parse(args).InvokeAsync();
