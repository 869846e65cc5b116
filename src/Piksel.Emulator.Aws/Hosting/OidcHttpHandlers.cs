using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;

namespace Piksel.Emulator.Aws.Hosting;

/// <summary>
/// Builds the handler the AWS emulator uses to reach OIDC issuers: trusting extra CAs (a local issuer has its own)
/// and, like curl's <c>--resolve</c>, sending chosen issuer hosts to local addresses, so a token whose <c>iss</c> is
/// <c>https://oidc.eks.&lt;region&gt;.amazonaws.com/id/…</c> can be verified against a cluster running on this machine.
/// </summary>
public static class OidcHttpHandlers
{
    /// <summary>Parses <c>host=address:port</c>.</summary>
    public static KeyValuePair<string, IPEndPoint> ParseResolve(string text)
    {
        var eq = text.IndexOf('=', StringComparison.Ordinal);
        if (eq <= 0 || !IPEndPoint.TryParse(text[(eq + 1)..], out var endpoint) || endpoint.Port == 0)
            throw new ArgumentException($"--resolve '{text}' must look like HOST=ADDRESS:PORT, e.g. oidc.eks.ap-southeast-3.amazonaws.com=127.0.0.1:8443.");
        return KeyValuePair.Create(text[..eq].ToLowerInvariant(), endpoint);
    }

    /// <summary>A factory of handlers that trust <paramref name="authorities"/> besides the system store and connect overridden hosts locally.</summary>
    public static Func<HttpMessageHandler> Create(X509Certificate2Collection authorities, IReadOnlyDictionary<string, IPEndPoint> resolve) => () => new SocketsHttpHandler
    {
        ConnectCallback = async (context, cancellationToken) =>
        {
            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                if (resolve.TryGetValue(context.DnsEndPoint.Host.ToLowerInvariant(), out var target))
                    await socket.ConnectAsync(target, cancellationToken);
                else
                    await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        },
        SslOptions = new SslClientAuthenticationOptions
        {
            RemoteCertificateValidationCallback = (_, certificate, chain, errors) =>
            {
                if (errors == SslPolicyErrors.None) return true;
                if (certificate is null || authorities.Count == 0 || (errors & ~SslPolicyErrors.RemoteCertificateChainErrors) != 0) return false;
                using var custom = new X509Chain();
                custom.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                custom.ChainPolicy.CustomTrustStore.AddRange(authorities);
                custom.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                return custom.Build(new X509Certificate2(certificate));
            },
        },
    };
}
