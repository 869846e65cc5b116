using System.CommandLine;
using Microsoft.Extensions.Logging;
using Piksel.Emulator.Aws.Eks.Crds;
using Piksel.Emulator.Aws.Eks.ExternalSecrets;
using Piksel.Emulator.Kubernetes;

namespace Piksel.AppHost;

/// <summary><c>emulator kubernetes</c>: one embedded Kubernetes API server with its controllers, until Ctrl+C or SIGTERM.</summary>
internal static class KubernetesEmulatorCommand
{
    /// <summary>Where the kubeconfig goes unless <c>--kubeconfig</c> says otherwise (never ~/.kube/config: that is the user's).</summary>
    public static readonly string DefaultKubeconfig = Path.Combine(".piksel", "kubernetes", "kubeconfig");

    public static Command Create()
    {
        var port = new Option<int>("--port") { Description = "HTTPS port of the API server (0 = any free port).", DefaultValueFactory = _ => 6443 };
        var kubeconfig = new Option<string?>("--kubeconfig") { Description = $"Write the admin kubeconfig here (default: {DefaultKubeconfig})." };
        var dataDir = new Option<string?>("--data-dir") { Description = "Keep objects, certificates and the issuer here across restarts (default: memory only)." };
        var externalSecrets = new Option<Uri?>("--external-secrets")
        {
            Description = "Run the External Secrets Operator too, reading Secrets Manager at this AWS endpoint (e.g. the emulator aws beside it), as a dev cluster with ESO installed would (default: no operator).",
            CustomParser = r => Uri.TryCreate(r.Tokens[0].Value, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
                ? uri
                : Fail(r, $"--external-secrets '{r.Tokens[0].Value}' is not an http(s) URL, e.g. http://127.0.0.1:4566."),
        };
        var command = new Command("kubernetes", "An embedded Kubernetes API server (EKS flavoured) with namespace, garbage-collection and workload controllers and Karpenter's and Flux's CRDs; kubectl works against it.")
        {
            port, kubeconfig, dataDir, externalSecrets,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var kubeconfigPath = Path.GetFullPath(parse.GetValue(kubeconfig) ?? DefaultKubeconfig);
            var options = new KubeApiServerOptions
            {
                Port = parse.GetValue(port),
                DataDirectory = parse.GetValue(dataDir) is { } d ? Path.GetFullPath(d) : null,
            };
            try
            {
                options.Validate();
                if (options.DataDirectory is { } dir && File.Exists(dir)) throw new ArgumentException($"--data-dir '{dir}' is a file; give a directory (it is created when missing).");
                if (Directory.Exists(kubeconfigPath)) throw new ArgumentException($"--kubeconfig '{kubeconfigPath}' is a directory; give a file path.");
            }
            catch (ArgumentException e)
            {
                Console.Error.WriteLine($"error: {e.Message}");
                return 2;
            }
            return await RunAsync(options, kubeconfigPath, parse.GetValue(externalSecrets), cancellationToken);
        });
        return command;
    }

    private static Uri? Fail(System.CommandLine.Parsing.ArgumentResult result, string message)
    {
        result.AddError(message);
        return null;
    }

    private static async Task<int> RunAsync(KubeApiServerOptions options, string kubeconfigPath, Uri? externalSecrets, CancellationToken cancellationToken)
    {
        using var loggerFactory = LoggerFactory.Create(b => b.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning));
        KubeApiServer running;
        try
        {
            // Karpenter's and Flux's CRDs, as their charts install them on a cluster the platform is applied to.
            var builder = KubeApiServer.CreateBuilder(options).AddCustomResourceDefinitions(PlatformCrds.Manifests);
            if (externalSecrets is not null) ExternalSecretsOperator.AddTo(builder, externalSecrets);
            running = await builder.StartAsync(loggerFactory, cancellationToken);
        }
        catch (IOException e) when (e.Message.Contains("address already in use", StringComparison.OrdinalIgnoreCase))
        {
            Console.Error.WriteLine($"error: port {options.Port} is already in use; choose another with --port (0 picks a free one).");
            return 2;
        }
        catch (System.Security.Cryptography.CryptographicException e)
        {
            // The master key is missing or not the one that sealed --data-dir: the message names the file.
            Console.Error.WriteLine($"error: {e.Message}");
            return 2;
        }
        await using (running)
        {
            try
            {
                running.WriteKubeconfig(kubeconfigPath);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                Console.Error.WriteLine($"error: cannot write the kubeconfig to '{kubeconfigPath}' ({e.Message}); choose another path with --kubeconfig.");
                return 2;
            }
            Console.WriteLine($"Kubernetes emulator ready at {running.Endpoint}");
            Console.WriteLine($"  kubeconfig: {kubeconfigPath}");
            Console.WriteLine($"  export KUBECONFIG={kubeconfigPath}");
            Console.WriteLine($"  OIDC issuer: {running.Issuer}");
            if (externalSecrets is not null) Console.WriteLine($"  External Secrets Operator: reading Secrets Manager at {externalSecrets}");
            Console.WriteLine($"  Kubernetes {options.KubernetesVersion}; state: {options.DataDirectory ?? "in memory"}. Ctrl+C stops.");
            try { await Task.Delay(Timeout.Infinite, cancellationToken); }
            catch (OperationCanceledException) { }
        }
        Console.WriteLine("Kubernetes emulator stopped.");
        return 0;
    }
}
