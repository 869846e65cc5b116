using System.Diagnostics;
using System.Text.Json;
using Piksel.Hosting.LocalStack;
using Piksel.Platform.Definition;
using Piksel.Platform.Engine;
using Piksel.Platform.Settings;

namespace Piksel.AppHost;

/// <summary>
/// <c>up --provider localstack</c>: starts LocalStack, k3s and PostgreSQL in containers, applies the platform, writes
/// <c>.piksel/&lt;env&gt;/kubeconfig</c>, <c>aws.env</c> and <c>outputs.json</c> as <c>up</c> does for <c>embedded</c>,
/// and stays up until Ctrl+C, which stops the containers.
/// </summary>
internal static class LocalStackUp
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static async Task<int> RunAsync(string env, EnvironmentSettings settings, string root, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        PrivateFiles.EnsureOwnDirectory(root);
        var spec = PikselPlatform.Define(settings);
        await using var provider = await LocalStackProvider.StartAsync(settings, Path.Combine(root, "state"), cancellationToken);
        var engine = new PlatformEngine();
        ApplyResult result;
        try
        {
            var plan = await engine.PlanAsync(spec, provider, cancellationToken: cancellationToken);
            Console.WriteLine($"Applying {plan.Changes.Count(c => c.Kind != ChangeKind.NoChange)} of {plan.Changes.Count} resources on LocalStack and k3s …");
            result = await engine.ApplyAsync(plan, provider, new Progress<EngineEvent>(_ => Console.Error.Write('.')), cancellationToken);
            Console.Error.WriteLine();
            Console.WriteLine($"Applied {result.Summary()}.");
        }
        catch (PlatformEngineException e)
        {
            Console.Error.WriteLine($"\nerror: {e.Message}");
            return 1;
        }

        var outputs = new SortedDictionary<string, string>(result.Outputs.ToDictionary(), StringComparer.Ordinal);
        await PrivateFiles.WriteAllTextAsync(Path.Combine(root, "outputs.json"), JsonSerializer.Serialize(outputs, Indented), cancellationToken);
        var endpoint = provider.Endpoint.ToString().TrimEnd('/');
        await AwsEnvFile.WriteAsync(root, endpoint, settings.Region, await provider.Aws.GetCredentialsAsync(settings.Account, cancellationToken), cancellationToken);
        if (outputs.GetValueOrDefault("cluster.name") is { } clusterName
            && await provider.Cluster.GetKubeconfigAsync(clusterName, cancellationToken) is { } kubeconfig)
        {
            await KubeconfigFile.WriteAsync(root, kubeconfig, cancellationToken);
        }

        Console.WriteLine($"Piksel {env} ready on LocalStack in {clock.Elapsed.TotalSeconds:F1} s: AWS {endpoint} · cluster {provider.ClusterSource.Server} · OIDC {outputs.GetValueOrDefault("cluster.oidcIssuer")}");
        Console.WriteLine($"  export KUBECONFIG={KubeconfigFile.PathIn(root)}");
        Console.WriteLine($"  source {AwsEnvFile.PathIn(root)}");
        Console.WriteLine("  Ctrl+C stops the containers; the harness's records and the database data are kept.");
        try { await Task.Delay(Timeout.Infinite, cancellationToken); }
        catch (OperationCanceledException) { }
        Console.WriteLine($"Piksel {env} stopped.");
        return 0;
    }
}
