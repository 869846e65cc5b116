using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Http;
using Piksel.Emulator.Kubernetes.Security;

namespace Piksel.Emulator.Kubernetes.Auth;

/// <summary>The kubeconfig's admin: a client certificate issued by the cluster CA (user from CN, groups from O), or the static admin bearer token.</summary>
public sealed class AdminAuthenticator(ClusterCertificates certificates, string adminToken) : IAuthenticator
{
    // A connection's client certificate cannot change, so its chain is built once per connection, not per request
    // (building an X509 chain cost ~0.3 ms of CPU per request: most of a small GET). Its validity window is still
    // checked on every request.
    private static readonly object VerifiedCertificate = new();

    /// <inheritdoc />
    public ValueTask<UserInfo?> AuthenticateAsync(HttpContext http, CancellationToken cancellationToken)
    {
        var certificate = http.Connection.ClientCertificate;
        if (certificate is not null && Verified(http, certificate) is { } identity)
        {
            var now = TimeProvider.System.GetUtcNow();
            if (now >= identity.NotBefore && now <= identity.NotAfter)
                return ValueTask.FromResult<UserInfo?>(new UserInfo(identity.Name, "", identity.Groups, new Dictionary<string, IReadOnlyList<string>>()));
        }
        var header = http.Request.Headers.Authorization.ToString();
        if (header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
            && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(header[7..].Trim()), Encoding.UTF8.GetBytes(adminToken)))
        {
            return ValueTask.FromResult<UserInfo?>(UserInfo.Admin());
        }

        return ValueTask.FromResult<UserInfo?>(null);
    }

    /// <summary>The certificate's identity when the cluster issued it, remembered on the connection; null otherwise.</summary>
    private CertificateIdentity? Verified(HttpContext http, X509Certificate2 certificate)
    {
        var items = http.Features.Get<IConnectionItemsFeature>()?.Items;
        if (items is not null && items.TryGetValue(VerifiedCertificate, out var cached) && cached is CertificateIdentity known && ReferenceEquals(known.Certificate, certificate))
            return known;
        if (!certificates.IsIssuedByCluster(certificate)) return null;
        var parts = certificate.SubjectName.Name.Split(',', StringSplitOptions.TrimEntries);
        var identity = new CertificateIdentity(
            certificate,
            parts.FirstOrDefault(p => p.StartsWith("CN=", StringComparison.Ordinal))?[3..] ?? "unknown",
            [.. parts.Where(p => p.StartsWith("O=", StringComparison.Ordinal)).Select(p => p[2..]).Append("system:authenticated")],
            new DateTimeOffset(certificate.NotBefore.ToUniversalTime()),
            new DateTimeOffset(certificate.NotAfter.ToUniversalTime()));
        if (items is not null) items[VerifiedCertificate] = identity;
        return identity;
    }

    private sealed record CertificateIdentity(X509Certificate2 Certificate, string Name, IReadOnlyList<string> Groups, DateTimeOffset NotBefore, DateTimeOffset NotAfter);
}
