using System.Collections.Concurrent;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace Piksel.Emulator.Aws.Sts.WebIdentity;

/// <summary>
/// OIDC issuers served in this process, each at a loopback HTTPS endpoint with its own CA. An EKS cluster's issuer
/// is <c>https://oidc.eks.&lt;region&gt;.amazonaws.com/id/&lt;ID&gt;</c>, a host every cluster of the region shares, so
/// routing is by issuer path, not host: a request under a registered issuer goes to that cluster's endpoint with the
/// same path (the cluster serves its discovery document and keys under <c>/id/&lt;ID&gt;/</c>), trusting only its CA.
/// </summary>
public sealed class LocalOidcIssuers
{
    private readonly ConcurrentDictionary<string, Registration> issuers = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Serves <paramref name="issuer"/> from <paramref name="endpoint"/>, whose certificate chains to <paramref name="authority"/>; dispose to withdraw it.</summary>
    public IDisposable Register(string issuer, Uri endpoint, X509Certificate2 authority)
    {
        var key = Key(new Uri(issuer));
        // Only the public part is kept: the cluster disposes its own certificate objects when it stops.
        var registration = new Registration(this, key, endpoint, X509CertificateLoader.LoadCertificate(authority.RawData));
        if (issuers.TryRemove(key, out var previous)) previous.Release();
        issuers[key] = registration;
        return registration;
    }

    /// <summary>The registration whose issuer <paramref name="uri"/> lies under, if any.</summary>
    internal bool TryFind(Uri uri, out Registration registration)
    {
        registration = null!;
        if (uri.Scheme != Uri.UriSchemeHttps) return false;
        var path = uri.AbsolutePath;
        // /id/<ID>/.well-known/openid-configuration and /id/<ID>/keys: the issuer is the first two segments.
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        for (var count = segments.Length; count > 0; count--)
        {
            var candidate = uri.Host + "/" + string.Join('/', segments.Take(count));
            if (issuers.TryGetValue(candidate, out var found) && string.Equals(found.Key, candidate, StringComparison.OrdinalIgnoreCase))
            {
                registration = found;
                return true;
            }
        }
        return false;
    }

    private static string Key(Uri issuer) => issuer.Host + issuer.AbsolutePath.TrimEnd('/');

    /// <summary>One issuer's endpoint and the client that trusts its CA.</summary>
    internal sealed class Registration : IDisposable
    {
        private readonly LocalOidcIssuers owner;
        private readonly X509Certificate2 authority;

        public Registration(LocalOidcIssuers owner, string key, Uri endpoint, X509Certificate2 authority)
        {
            this.owner = owner;
            this.authority = authority;
            Key = key;
            Endpoint = endpoint;
            Client = new HttpMessageInvoker(new SocketsHttpHandler
            {
                AllowAutoRedirect = false,
                PooledConnectionLifetime = TimeSpan.FromMinutes(1),
                SslOptions = new SslClientAuthenticationOptions { RemoteCertificateValidationCallback = (_, certificate, _, errors) => Trusted(certificate, errors) },
            });
        }

        public string Key { get; }
        public Uri Endpoint { get; }
        public HttpMessageInvoker Client { get; }

        private bool Trusted(X509Certificate? certificate, SslPolicyErrors errors)
        {
            // The name must match (127.0.0.1 is on every cluster's serving certificate); only the root is ours to supply.
            if (certificate is null || (errors & ~SslPolicyErrors.RemoteCertificateChainErrors) != 0) return false;
            using var chain = new X509Chain();
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.CustomTrustStore.Add(authority);
            chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            using var leaf = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
            return chain.Build(leaf);
        }

        /// <summary>Withdraws the issuer (only if it is still this registration).</summary>
        public void Dispose()
        {
            if (owner.issuers.TryGetValue(Key, out var current) && ReferenceEquals(current, this))
                owner.issuers.TryRemove(KeyValuePair.Create(Key, this));
            Release();
        }

        internal void Release()
        {
            Client.Dispose();
            authority.Dispose();
        }
    }
}
