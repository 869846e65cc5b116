using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Piksel.Emulator.Kubernetes.Security;

namespace Piksel.Emulator.Kubernetes.Auth;

/// <summary>The kubeconfig's admin: a client certificate issued by the cluster CA (user from CN, groups from O), or the static admin bearer token.</summary>
public sealed class AdminAuthenticator(ClusterCertificates certificates, string adminToken) : IAuthenticator
{
    /// <inheritdoc />
    public ValueTask<UserInfo?> AuthenticateAsync(HttpContext http, CancellationToken cancellationToken)
    {
        var certificate = http.Connection.ClientCertificate;
        if (certificate is not null && certificates.IsIssuedByCluster(certificate))
        {
            var subject = certificate.SubjectName.Name;
            var parts = subject.Split(',', StringSplitOptions.TrimEntries);
            var name = parts.FirstOrDefault(p => p.StartsWith("CN=", StringComparison.Ordinal))?[3..] ?? "unknown";
            var groups = parts.Where(p => p.StartsWith("O=", StringComparison.Ordinal)).Select(p => p[2..]).Append("system:authenticated").ToList();
            return ValueTask.FromResult<UserInfo?>(new UserInfo(name, "", groups, new Dictionary<string, IReadOnlyList<string>>()));
        }
        var header = http.Request.Headers.Authorization.ToString();
        if (header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
            && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(header[7..].Trim()), Encoding.UTF8.GetBytes(adminToken)))
        {
            return ValueTask.FromResult<UserInfo?>(UserInfo.Admin());
        }

        return ValueTask.FromResult<UserInfo?>(null);
    }
}
