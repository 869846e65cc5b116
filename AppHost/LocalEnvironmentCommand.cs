using System.Diagnostics;
using System.Net;
using Microsoft.Extensions.Logging;
using Piksel.Emulator.Aws;
using Piksel.Emulator.Aws.Hosting;
using Piksel.Emulator.Kubernetes;

namespace Piksel.AppHost;

/// <summary>
/// <c>dotnet run --project AppHost</c>: the local environment's ground floor, both emulators wired together as on EKS —
/// the AWS emulator on 4566 and a Kubernetes API server on 6443 whose EKS-form OIDC issuer the AWS emulator reaches
/// (issuer host mapped to the cluster, cluster CA trusted), so service-account tokens assume IAM roles (IRSA).
/// State lives under <c>.piksel/local</c>, so the next start finds the same environment.
/// </summary>
internal static class LocalEnvironmentCommand
{
    private const string Region = "ap-southeast-3";

    public static async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var root = Path.GetFullPath(Path.Combine(".piksel", "local"));
        using var loggerFactory = LoggerFactory.Create(b => b.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning));
        Console.WriteLine($"Starting the local environment in {root} …");

        var issuerFile = Path.Combine(root, "kubernetes", "issuer");
        var issuer = File.Exists(issuerFile)
            ? File.ReadAllText(issuerFile).Trim()
            : $"https://oidc.eks.{Region}.amazonaws.com/id/{Guid.NewGuid().ToString("N").ToUpperInvariant()}";
        var issuerHost = new Uri(issuer).Host;

        KubeApiServer cluster;
        AwsEmulator aws;
        try
        {
            cluster = await KubeApiServer.StartAsync(new KubeApiServerOptions
            {
                Port = 6443, Region = Region, Issuer = issuer, ExtraServingNames = [issuerHost],
                DataDirectory = Path.Combine(root, "kubernetes"), ClusterName = "piksel-local-cluster",
            }, loggerFactory, cancellationToken);
        }
        catch (IOException e) when (e.Message.Contains("address already in use", StringComparison.OrdinalIgnoreCase))
        {
            Console.Error.WriteLine("error: port 6443 is already in use (another cluster or emulator?); stop it, or run `emulator kubernetes --port 0` on its own.");
            return 2;
        }
        await using (cluster)
        {
            File.WriteAllText(issuerFile, issuer);
            try
            {
                aws = await AwsEmulator.StartAsync(new AwsEmulatorOptions
                {
                    Port = 4566, DefaultRegion = Region, DataDirectory = Path.Combine(root, "aws"),
                    Accounts = [AccountOptions.Default, new AccountOptions("000000000001", "hub", "hub-secret")],
                    OidcHttpHandlerFactory = OidcHttpHandlers.Create([cluster.State.Certificates.Authority],
                        new Dictionary<string, IPEndPoint> { [issuerHost] = new(IPAddress.Loopback, cluster.Endpoint.Port) }),
                }, loggerFactory, cancellationToken);
            }
            catch (IOException e) when (e.Message.Contains("address already in use", StringComparison.OrdinalIgnoreCase))
            {
                Console.Error.WriteLine("error: port 4566 is already in use (LocalStack or another emulator?); stop it first.");
                return 2;
            }
            await using (aws)
            {
                var kubeconfig = Path.Combine(root, "kubeconfig");
                cluster.WriteKubeconfig(kubeconfig);
                var awsEnv = Path.Combine(root, "aws.env");
                File.WriteAllText(awsEnv, $"""
                    export AWS_ENDPOINT_URL={aws.Endpoint.ToString().TrimEnd('/')}
                    export AWS_REGION={Region}
                    export AWS_ACCESS_KEY_ID=test
                    export AWS_SECRET_ACCESS_KEY=test

                    """);
                Console.WriteLine($"Local environment ready in {clock.Elapsed.TotalSeconds:F1} s: AWS {aws.Endpoint} · Kubernetes {cluster.Endpoint}");
                Console.WriteLine($"  export KUBECONFIG={kubeconfig}");
                Console.WriteLine($"  source {awsEnv}");
                Console.WriteLine($"  OIDC issuer {issuer} (registered nowhere yet: the platform definition does that)");
                Console.WriteLine("  Ctrl+C stops; state is kept for the next start.");
                try { await Task.Delay(Timeout.Infinite, cancellationToken); }
                catch (OperationCanceledException) { }
            }
        }
        Console.WriteLine("Local environment stopped.");
        return 0;
    }
}
