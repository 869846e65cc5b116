using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Piksel.Emulator.Aws.Tests.Sts;

/// <summary>
/// An OIDC issuer like an EKS cluster's: HTTPS on 127.0.0.1 with a certificate from its own CA, serving
/// <c>/id/&lt;hex&gt;/.well-known/openid-configuration</c> and the JWKS, and signing RS256 tokens with a <c>kid</c>.
/// </summary>
public sealed class TestOidcIssuer : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly RSA signingKey;
    private readonly JsonWebTokenHandler handler = new() { SetDefaultTimesOnTokenCreation = false };
    private int keyFetches;

    private TestOidcIssuer(WebApplication app, RSA signingKey, string keyId, X509Certificate2 ca, X509Certificate2 intermediate)
    {
        this.app = app;
        this.signingKey = signingKey;
        KeyId = keyId;
        CertificateAuthority = ca;
        IntermediateCertificate = intermediate;
    }

    /// <summary>The issuer URL (<c>iss</c>), e.g. <c>https://127.0.0.1:41234/id/0123…</c>.</summary>
    public string Issuer { get; private set; } = "";

    /// <summary>The root CA of the server certificate's chain (public part only).</summary>
    public X509Certificate2 CertificateAuthority { get; }

    /// <summary>The intermediate CA the server sends with its certificate: what an IAM OIDC thumbprint names.</summary>
    public X509Certificate2 IntermediateCertificate { get; }

    /// <summary>The kid of the published signing key.</summary>
    public string KeyId { get; }

    /// <summary>How often the JWKS was served (to see caching).</summary>
    public int KeyFetches => Volatile.Read(ref keyFetches);

    public static async Task<TestOidcIssuer> StartAsync(CancellationToken cancellationToken)
    {
        var (ca, intermediate, server) = CreateCertificates();
        var rsa = RSA.Create(2048);
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore();
        // Served with its intermediate, as real issuers do (TLS never sends the root).
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0,
            l => l.UseHttps(new HttpsConnectionAdapterOptions { ServerCertificate = server, ServerCertificateChain = [intermediate] })));
        var app = builder.Build();
        var issuer = new TestOidcIssuer(app, rsa, "kid-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4)), ca, intermediate);
        var path = "/id/" + Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
        app.Run(issuer.ServeAsync);
        await app.StartAsync(cancellationToken);
        var address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        issuer.Issuer = $"https://127.0.0.1:{address.Port}{path}";
        return issuer;
    }

    private Task ServeAsync(HttpContext http)
    {
        var prefix = new Uri(Issuer).AbsolutePath;
        var path = http.Request.Path.Value ?? "";
        http.Response.ContentType = "application/json";
        if (path == prefix + "/.well-known/openid-configuration")
        {
            return http.Response.WriteAsync(new JsonObject
            {
                ["issuer"] = Issuer,
                ["jwks_uri"] = Issuer + "/keys",
                ["authorization_endpoint"] = "urn:kubernetes:programmatic_authorization",
                ["response_types_supported"] = new JsonArray("id_token"),
                ["subject_types_supported"] = new JsonArray("public"),
                ["id_token_signing_alg_values_supported"] = new JsonArray("RS256"),
            }.ToJsonString());
        }
        if (path == prefix + "/keys")
        {
            Interlocked.Increment(ref keyFetches);
            var parameters = signingKey.ExportParameters(false);
            return http.Response.WriteAsync(new JsonObject
            {
                ["keys"] = new JsonArray(new JsonObject
                {
                    ["kty"] = "RSA",
                    ["use"] = "sig",
                    ["alg"] = "RS256",
                    ["kid"] = KeyId,
                    ["n"] = Base64UrlEncoder.Encode(parameters.Modulus),
                    ["e"] = Base64UrlEncoder.Encode(parameters.Exponent),
                }),
            }.ToJsonString());
        }
        http.Response.StatusCode = 404;
        return Task.CompletedTask;
    }

    /// <summary>
    /// A service-account token as the issuer would mint it. <paramref name="claims"/> overrides or removes (null value)
    /// the defaults; <paramref name="key"/>/<paramref name="keyId"/> sign with another key or name another kid.
    /// </summary>
    public string CreateToken(string subject, IDictionary<string, JsonNode?>? claims = null, RSA? key = null, string? keyId = null)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var payload = new JsonObject
        {
            ["iss"] = Issuer,
            ["sub"] = subject,
            ["aud"] = new JsonArray("sts.amazonaws.com"),
            ["iat"] = now,
            ["nbf"] = now,
            ["exp"] = now + 3600,
        };
        foreach (var (name, value) in claims ?? new Dictionary<string, JsonNode?>())
        {
            if (value is null) payload.Remove(name);
            else payload[name] = value.DeepClone();
        }
        var securityKey = new RsaSecurityKey(key ?? signingKey) { KeyId = keyId ?? KeyId };
        return handler.CreateToken(payload.ToJsonString(), new SigningCredentials(securityKey, SecurityAlgorithms.RsaSha256));
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
        signingKey.Dispose();
    }

    /// <summary>Root CA → intermediate CA → server certificate for 127.0.0.1 (with private key, loaded the way Kestrel wants it).</summary>
    private static (X509Certificate2 Root, X509Certificate2 Intermediate, X509Certificate2 Server) CreateCertificates()
    {
        var now = DateTimeOffset.UtcNow;
        using var rootKey = RSA.Create(2048);
        using var root = CaRequest("CN=Piksel Test OIDC Root CA", rootKey).CreateSelfSigned(now.AddDays(-1), now.AddDays(7));

        using var intermediateKey = RSA.Create(2048);
        var intermediateRequest = CaRequest("CN=Piksel Test OIDC Intermediate CA", intermediateKey);
        intermediateRequest.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(root, true, false));
        using var intermediatePublic = intermediateRequest.Create(root, now.AddDays(-1), now.AddDays(7), RandomNumberGenerator.GetBytes(16));
        using var intermediate = intermediatePublic.CopyWithPrivateKey(intermediateKey);

        using var serverKey = RSA.Create(2048);
        var request = new CertificateRequest("CN=127.0.0.1", serverKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(IPAddress.Loopback);
        san.AddDnsName("localhost");
        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(intermediate, true, false));
        using var leaf = request.Create(intermediate, now.AddHours(-1), now.AddDays(6), RandomNumberGenerator.GetBytes(16));
        using var withKey = leaf.CopyWithPrivateKey(serverKey);
        var server = X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null);
        return (X509CertificateLoader.LoadCertificate(root.RawData), X509CertificateLoader.LoadCertificate(intermediate.RawData), server);
    }

    private static CertificateRequest CaRequest(string subject, RSA key)
    {
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        return request;
    }
}
