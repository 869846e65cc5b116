using System.Collections.Concurrent;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Microsoft.IdentityModel.Tokens;

namespace Piksel.Emulator.Aws.Sts.WebIdentity;

/// <summary>
/// Fetches an OIDC issuer's signing keys as AWS does: <c>&lt;issuer&gt;/.well-known/openid-configuration</c>, then its
/// <c>jwks_uri</c>, both over HTTPS. The server certificate must chain to the system store or to
/// <see cref="AwsEmulatorOptions.TrustedCertificateAuthorities"/>, or else match one of the provider's thumbprints
/// (AWS's fallback for issuers outside its CA library). Keys are cached per issuer for a few minutes.
/// </summary>
internal sealed class OidcKeySource : IDisposable
{
    private static readonly TimeSpan CacheFor = TimeSpan.FromMinutes(5);
    /// <summary>An unknown <c>kid</c> refetches the keys (the issuer may have rotated), but not more often than this.</summary>
    private static readonly TimeSpan MinRefreshInterval = TimeSpan.FromSeconds(10);
    private static readonly HttpRequestOptionsKey<TlsProbe> ProbeKey = new("Piksel.Sts.OidcTls");

    private readonly HttpClient http;
    private readonly TimeProvider time;
    private readonly ConcurrentDictionary<string, CachedKeys> cache = new(StringComparer.Ordinal);
    private readonly Func<string, bool> unreachable;

    /// <param name="unreachable">True for an issuer that is down (an injected OIDC outage); default: none is.</param>
    public OidcKeySource(AwsEmulatorOptions options, TimeProvider time, LocalOidcIssuers? local = null, Func<string, bool>? unreachable = null)
    {
        this.time = time;
        this.unreachable = unreachable ?? (_ => false);
        var handler = options.OidcHttpHandlerFactory?.Invoke() ?? CreateHandler(options.TrustedCertificateAuthorities);
        // Issuers this process serves (EKS clusters) are reached directly; every other URL goes out as configured.
        if (local is not null) handler = new LocalOidcIssuerHandler(local) { InnerHandler = handler };
        http = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(10), MaxResponseContentBufferSize = 1024 * 1024 };
    }

    /// <summary>The issuer's keys; <paramref name="refresh"/> asks for a fresh copy (rate-limited) when a token names a key the cached set lacks.</summary>
    public async Task<JsonWebKeySet> GetKeysAsync(string issuer, IReadOnlyList<string> thumbprints, bool refresh, CancellationToken cancellationToken)
    {
        // Thumbprints are per provider (per account), so the cache is too.
        // An issuer that is down fails every fetch as a timed-out one does (IDPCommunicationError), cached keys or not,
        // so an outage shows at once and ends the moment it is lifted.
        if (unreachable(issuer)) throw StsErrors.KeyRetrieval(transient: true);
        var cacheKey = issuer + "|" + string.Join(',', thumbprints);
        var now = time.GetUtcNow();
        if (cache.TryGetValue(cacheKey, out var cached) && now - cached.Fetched < (refresh ? MinRefreshInterval : CacheFor))
            return cached.Keys;
        var keys = await FetchAsync(issuer, thumbprints, cancellationToken);
        cache[cacheKey] = new CachedKeys(keys, now);
        return keys;
    }

    /// <inheritdoc />
    public void Dispose() => http.Dispose();

    private async Task<JsonWebKeySet> FetchAsync(string issuer, IReadOnlyList<string> thumbprints, CancellationToken cancellationToken)
    {
        var discovery = await GetStringAsync(new Uri(issuer.TrimEnd('/') + "/.well-known/openid-configuration"), thumbprints, cancellationToken);
        string? jwksUri;
        try
        {
            using var document = JsonDocument.Parse(discovery);
            jwksUri = document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("jwks_uri", out var value) && value.ValueKind == JsonValueKind.String
                ? value.GetString() : null;
        }
        catch (JsonException)
        {
            throw StsErrors.KeyRetrieval(transient: false);
        }
        if (!Uri.TryCreate(jwksUri, UriKind.Absolute, out var jwks) || jwks.Scheme != Uri.UriSchemeHttps)
            throw StsErrors.KeyRetrieval(transient: false);

        var text = await GetStringAsync(jwks, thumbprints, cancellationToken);
        try
        {
            var set = new JsonWebKeySet(text);
            return set.Keys.Count > 0 ? set : throw StsErrors.KeyRetrieval(transient: false);
        }
        catch (ArgumentException)
        {
            throw StsErrors.KeyRetrieval(transient: false);
        }
    }

    private async Task<string> GetStringAsync(Uri uri, IReadOnlyList<string> thumbprints, CancellationToken cancellationToken)
    {
        if (uri.Scheme != Uri.UriSchemeHttps) throw StsErrors.KeyRetrieval(transient: false);
        using var request = new HttpRequestMessage(HttpMethod.Get, uri);
        // A fresh connection per fetch, so the certificate is checked against this provider's thumbprints every time.
        request.Headers.ConnectionClose = true;
        var probe = new TlsProbe(thumbprints);
        request.Options.Set(ProbeKey, probe);
        try
        {
            using var response = await http.SendAsync(request, cancellationToken);
            if (!response.IsSuccessStatusCode) throw StsErrors.KeyRetrieval(transient: (int)response.StatusCode >= 500);
            return await response.Content.ReadAsStringAsync(cancellationToken);
        }
        catch (HttpRequestException) when (probe.ThumbprintMismatch)
        {
            throw StsErrors.InvalidIdentityToken("OpenIDConnect provider's HTTPS certificate doesn't match configured thumbprint");
        }
        catch (HttpRequestException)
        {
            throw StsErrors.KeyRetrieval(transient: false);
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw StsErrors.KeyRetrieval(transient: true);
        }
    }

    private static HttpClientHandler CreateHandler(X509Certificate2Collection trusted) => new()
    {
        AllowAutoRedirect = false,
        ServerCertificateCustomValidationCallback = (request, certificate, chain, errors) => Validate(request, certificate, chain, errors, trusted),
    };

    private static bool Validate(HttpRequestMessage request, X509Certificate2? certificate, X509Chain? chain, SslPolicyErrors errors, X509Certificate2Collection trusted)
    {
        if (certificate is null) return false;
        if (errors == SslPolicyErrors.None) return true;
        // A wrong host name is never excused; only an unknown root is.
        if ((errors & ~SslPolicyErrors.RemoteCertificateChainErrors) != 0) return false;
        if (trusted.Count > 0 && ChainsTo(certificate, chain, trusted)) return true;

        if (request.Options.TryGetValue(ProbeKey, out var probe) && probe.Thumbprints.Count > 0)
        {
            var presented = Presented(certificate, chain).Select(c => c.GetCertHashString(System.Security.Cryptography.HashAlgorithmName.SHA1));
            if (presented.Any(hash => probe.Thumbprints.Contains(hash, StringComparer.OrdinalIgnoreCase))) return true;
            probe.ThumbprintMismatch = true;
        }
        return false;
    }

    private static bool ChainsTo(X509Certificate2 certificate, X509Chain? presented, X509Certificate2Collection trusted)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(trusted);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.ExtraStore.AddRange(Presented(certificate, presented).ToArray());
        return chain.Build(certificate);
    }

    /// <summary>The leaf and every certificate the server sent with it (SslStream keeps the intermediates in the chain's extra store).</summary>
    private static IEnumerable<X509Certificate2> Presented(X509Certificate2 certificate, X509Chain? chain) =>
        new[] { certificate }
            .Concat(chain?.ChainElements.Select(e => e.Certificate) ?? [])
            .Concat(chain?.ChainPolicy.ExtraStore.Cast<X509Certificate2>() ?? []);

    private sealed record CachedKeys(JsonWebKeySet Keys, DateTimeOffset Fetched);

    /// <summary>Carries a provider's thumbprints into the TLS callback and what it found back out.</summary>
    private sealed class TlsProbe(IReadOnlyList<string> thumbprints)
    {
        public IReadOnlyList<string> Thumbprints { get; } = thumbprints;
        public bool ThumbprintMismatch { get; set; }
    }
}
