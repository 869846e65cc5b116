using BenchmarkDotNet.Running;
using Piksel.Benchmarks;

// `apphost-aspire` times the AppHost's Aspire mode against a bare Aspire AppHost, and up --headless against Kestrel;
// `startup` prints whole-run start timings (emulator vs bare Kestrel, same run); `apphost-start` and `e2e-walltime`
// time whole processes (the AppHost vs a minimal Kestrel app, the end-to-end suite vs its runner alone);
// `database-ready [rounds]` times the local environment made ready with its database and without it;
// `karpenter [rounds] [pods]` times pods Running on nodes Karpenter launches against the same pods on nodes kept;
// `load [seconds] [concurrency]` and `load --soak` put closed-loop load on both emulators beside bare Kestrel;
// anything else goes to BenchmarkDotNet (e.g. `--filter *Edge*`).
if (args is ["startup", ..])
{
    await StartupTiming.RunAsync(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 20);
    return;
}
if (args is ["breakdown", ..])
{
    await PathBreakdown.RunAsync(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 2000);
    return;
}
if (args is ["apphost-start", ..])
{
    await Piksel.Benchmarks.Processes.AppHostStartBenchmark.RunAsync(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 5);
    return;
}
if (args is ["apphost-aspire", ..])
{
    await Piksel.Benchmarks.Processes.AspireStartBenchmark.RunAsync(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 3);
    return;
}
if (args is ["database-ready", ..])
{
    await Piksel.Benchmarks.Processes.DatabaseReadyBenchmark.RunAsync(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 3);
    return;
}
if (args is ["provider-plan", ..])
{
    await Piksel.Benchmarks.Processes.ProviderPlanBenchmark.RunAsync(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 5);
    return;
}
if (args is ["karpenter", ..])
{
    await Piksel.Benchmarks.Karpenter.KarpenterBenchmark.RunAsync(
        args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 3,
        args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 100);
    return;
}
if (args is ["load", ..])
{
    Environment.ExitCode = await Piksel.Benchmarks.Load.LoadBenchmark.RunAsync(args);
    return;
}
if (args is ["e2e-walltime"])
{
    await Piksel.Benchmarks.Processes.EndToEndWallTime.RunAsync();
    return;
}
if (args is [var verb, ..] && verb.StartsWith("k8s-", StringComparison.Ordinal))
{
    await Piksel.Benchmarks.Kubernetes.KubeBenchmarks.RunAsync(args);
    return;
}
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
