using System.Net.Http.Headers;
using System.Security.Cryptography.X509Certificates;

namespace Piksel.Emulator.Kubernetes.Tests.Rest;

/// <summary>An HttpClient for requests KubernetesClient cannot make (Accept headers, raw bodies): admin bearer token, cluster CA trusted.</summary>
internal static class RawApi
{
    public static HttpClient Create(KubeApiServer server)
    {
        var authority = server.State.Certificates.Authority;
        var handler = new HttpClientHandler
        {
            ServerCertificateCustomValidationCallback = (_, certificate, _, _) =>
            {
                if (certificate is null) return false;
                using var chain = new X509Chain();
                chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                chain.ChainPolicy.CustomTrustStore.Add(authority);
                chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                return chain.Build(certificate);
            },
        };
        var http = new HttpClient(handler, disposeHandler: true) { BaseAddress = server.Endpoint };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", server.State.Options.AdminToken);
        return http;
    }
}
