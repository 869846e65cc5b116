using System.Text;
using System.Text.RegularExpressions;
using Amazon.Runtime;
using k8s;
using Piksel.EndToEnd.Tests.Infrastructure;
using Piksel.Platform.Aws.Http;
using Piksel.Platform.Aws.SecretsManager;
using Piksel.Platform.Spec.Aws;
using Piksel.Platform.Spec.Kubernetes;
using Piksel.Testing;

namespace Piksel.EndToEnd.Tests.Cli;

/// <summary>
/// What <c>up</c> leaves in <c>.piksel/&lt;env&gt;</c> is its user's alone: every directory 0700 and file 0600 (state,
/// journals, keys, kubeconfig, aws.env, outputs.json), no Secrets Manager value and no synced Kubernetes Secret in clear
/// in any file, no private key in PEM in the state — and the master key that seals it kept elsewhere.
/// </summary>
public sealed partial class PrivateEnvironmentTests : IDisposable
{
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromMinutes(3);
    private static readonly TimeSpan SyncTimeout = TimeSpan.FromMinutes(1);

    private readonly CliWorkDirectory work = new("private");

    private string Environment => Path.Combine(work.Path, ".piksel", "local");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => work.Dispose();

    [Fact(SkipUnless = nameof(PrivateTree.UnixPermissions), SkipType = typeof(PrivateTree), Skip = "Unix permissions: on Windows the profile's ACLs keep these files private.")]
    public async Task After_up_every_file_is_owner_only_and_no_secret_lies_in_clear()
    {
        var spec = PlatformClients.LocalSpec();
        var secretNames = spec.OfKind<SecretsManagerSecret>().Select(s => s.Name).ToList();
        var externalSecrets = spec.OfKind<ExternalSecret>().Select(e => (e.Namespace!, e.Name)).ToList();
        var values = new List<(string What, string Value)>();
        using (var up = await AppHostProcess.StartInAsync(work.Path, CliWorkDirectory.ReadyLine(), ReadyTimeout, "up", "--port", CliWorkDirectory.FreePort()))
        {
            values.AddRange(await SecretsManagerValuesAsync(secretNames));
            values.AddRange(await SyncedSecretValuesAsync(externalSecrets));
            Assert.True(await up.InterruptAsync(TimeSpan.FromSeconds(30)) == 0, "up did not stop cleanly on Ctrl+C:\n" + up.AllOutput);
        }

        PrivateTree.AssertOwnerOnly(Environment);
        foreach (var file in new[] { "kubeconfig", "aws.env", "outputs.json" }) Assert.True(File.Exists(Path.Combine(Environment, file)), file);
        // Long values only: a short one (a user name, "true") may rightly appear in a ConfigMap or a name.
        PrivateTree.AssertNowhere(Environment, [.. values.Where(v => v.Value.Length >= 12).DistinctBy(v => v.Value)]);
        foreach (var file in PrivateTree.Files(Path.Combine(Environment, "state")))
            Assert.DoesNotContain("-----BEGIN PRIVATE KEY-----", await File.ReadAllTextAsync(file, Ct), StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(Environment, "state", "master.key")));
        Assert.True(File.Exists(TestMasterKey.Path), "the master key is kept outside .piksel/");
    }

    /// <summary>Every Secrets Manager value, through the endpoint and keys <c>up</c> wrote to aws.env.</summary>
    private async Task<IEnumerable<(string What, string Value)>> SecretsManagerValuesAsync(IReadOnlyList<string> names)
    {
        var exports = (await File.ReadAllLinesAsync(Path.Combine(Environment, "aws.env"), Ct))
            .Select(l => ExportLine().Match(l))
            .Where(m => m.Success)
            .ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value, StringComparer.Ordinal);
        using var secrets = new SecretsManagerClient(new AwsClientOptions
        {
            ServiceUrl = new Uri(exports["AWS_ENDPOINT_URL"]),
            Region = exports["AWS_REGION"],
            Credentials = new BasicAWSCredentials(exports["AWS_ACCESS_KEY_ID"], exports["AWS_SECRET_ACCESS_KEY"]),
        });
        var values = new List<(string, string)>();
        foreach (var name in names)
            values.Add(($"Secrets Manager {name}", (await secrets.GetSecretValueAsync(name, cancellationToken: Ct)).Value.Reveal()));
        return values;
    }

    /// <summary>Every value of the Secrets the External Secrets operator syncs, once each exists, through the kubeconfig <c>up</c> wrote.</summary>
    private async Task<IEnumerable<(string What, string Value)>> SyncedSecretValuesAsync(IReadOnlyList<(string Namespace, string Name)> targets)
    {
        using var kube = new k8s.Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(Path.Combine(Environment, "kubeconfig")));
        var values = new List<(string, string)>();
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        deadline.CancelAfter(SyncTimeout);
        foreach (var (ns, name) in targets)
        {
            while (true)
            {
                var secret = (await kube.CoreV1.ListNamespacedSecretAsync(ns, fieldSelector: $"metadata.name={name}", cancellationToken: deadline.Token)).Items.SingleOrDefault();
                if (secret?.Data is { Count: > 0 } data)
                {
                    // A Secret also carries settings (a database's address, a user name) that rightly appear in
                    // ConfigMaps and Deployments: the values checked are those of its secret keys.
                    values.AddRange(data.Where(d => SecretKey().IsMatch(d.Key)).Select(d => ($"Kubernetes Secret {ns}/{name} {d.Key}", Encoding.UTF8.GetString(d.Value))));
                    break;
                }
                await Task.Delay(TimeSpan.FromMilliseconds(250), deadline.Token);
            }
        }
        Assert.NotEmpty(values);
        return values;
    }

    [GeneratedRegex(@"^\s*export (\w+)=(.*)$")]
    private static partial Regex ExportLine();

    [GeneratedRegex("password|secret|token|key", RegexOptions.IgnoreCase)]
    private static partial Regex SecretKey();
}
