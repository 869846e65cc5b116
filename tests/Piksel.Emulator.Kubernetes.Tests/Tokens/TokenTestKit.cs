using System.Buffers.Text;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Piksel.Emulator.Kubernetes.Tests.Tokens;

/// <summary>What the token and admission tests share: clients for a bearer token or nobody, service accounts, JWT parts, a hand-moved clock.</summary>
internal static class TokenTestKit
{
    /// <summary>A KubernetesClient that authenticates with <paramref name="token"/> only.</summary>
    public static IKubernetes ClientFor(KubeApiServer server, string token) =>
        new k8s.Kubernetes(new KubernetesClientConfiguration
        {
            Host = server.Endpoint.ToString(),
            AccessToken = token,
            SslCaCerts = [X509CertificateLoader.LoadCertificate(server.State.Certificates.Authority.RawData)],
        });

    /// <summary>An HTTP client that trusts the cluster CA and presents no credentials.</summary>
    public static HttpClient Anonymous(KubeApiServer server)
    {
        var ca = X509CertificateLoader.LoadCertificate(server.State.Certificates.Authority.RawData);
        var handler = new HttpClientHandler
        {
            ServerCertificateCustomValidationCallback = (_, certificate, _, _) =>
            {
                if (certificate is null) return false;
                using var chain = new X509Chain();
                chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                chain.ChainPolicy.CustomTrustStore.Add(ca);
                chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                return chain.Build(certificate);
            },
        };
        return new HttpClient(handler) { BaseAddress = server.Endpoint };
    }

    /// <summary>Creates a service account (a no-op when it is there already, e.g. <c>default</c> made by a controller).</summary>
    public static async Task<V1ServiceAccount> EnsureServiceAccountAsync(IKubernetes client, string ns, string name, IDictionary<string, string>? annotations = null, bool? automount = null)
    {
        try
        {
            return await client.CoreV1.CreateNamespacedServiceAccountAsync(new V1ServiceAccount
            {
                Metadata = new V1ObjectMeta { Name = name, Annotations = annotations },
                AutomountServiceAccountToken = automount,
            }, ns, cancellationToken: TestContext.Current.CancellationToken);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.Conflict)
        {
            return await client.CoreV1.ReadNamespacedServiceAccountAsync(name, ns, cancellationToken: TestContext.Current.CancellationToken);
        }
    }

    /// <summary>A minimal pod running as <paramref name="serviceAccount"/>.</summary>
    public static V1Pod Pod(string name, string? serviceAccount = null) => new()
    {
        Metadata = new V1ObjectMeta { Name = name },
        Spec = new V1PodSpec { ServiceAccountName = serviceAccount, Containers = [new V1Container { Name = "app", Image = "busybox" }] },
    };

    /// <summary>A JWT's header (0) or payload (1) as JSON.</summary>
    public static JsonObject Part(string jwt, int index) => (JsonObject)JsonNode.Parse(Base64Url.DecodeFromChars(jwt.Split('.')[index]))!;

    /// <summary>A KubernetesClient timestamp as UTC.</summary>
    public static DateTimeOffset Utc(DateTime time) =>
        new(time.Kind == DateTimeKind.Local ? time.ToUniversalTime() : DateTime.SpecifyKind(time, DateTimeKind.Utc));

    /// <summary>Requests a token for <paramref name="account"/>.</summary>
    public static async Task<Authenticationv1TokenRequest> RequestTokenAsync(IKubernetes client, string ns, string account, long? expirationSeconds = null, IList<string>? audiences = null, V1BoundObjectReference? bound = null) =>
        await client.CoreV1.CreateNamespacedServiceAccountTokenAsync(new Authenticationv1TokenRequest
        {
            Spec = new V1TokenRequestSpec { Audiences = audiences ?? [], ExpirationSeconds = expirationSeconds, BoundObjectRef = bound },
        }, account, ns, cancellationToken: TestContext.Current.CancellationToken);
}

/// <summary>A clock the test moves by hand.</summary>
internal sealed class ManualClock(DateTimeOffset start) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = start;

    public override DateTimeOffset GetUtcNow() => Now;

    public void Advance(TimeSpan by) => Now += by;
}
