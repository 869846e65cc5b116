using System.Buffers.Text;
using System.Net;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Piksel.Emulator.Kubernetes.Tests.Infrastructure;
using static Piksel.Emulator.Kubernetes.Tests.Tokens.TokenTestKit;

namespace Piksel.Emulator.Kubernetes.Tests.Tokens;

[Collection(ClusterCollection.Name)]
public sealed class OidcDiscoveryTests(ClusterFixture fixture)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Discovery_points_at_the_keys_and_names_the_issuer_byte_for_byte()
    {
        using var http = Anonymous(fixture.Server);
        var issuer = fixture.Server.Issuer;
        Assert.Matches(@"^https://oidc\.eks\.ap-southeast-3\.amazonaws\.com/id/[0-9A-F]{32}$", issuer);
        var idPath = new Uri(issuer).AbsolutePath;

        var first = await http.GetAsync("/.well-known/openid-configuration", Ct);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal("application/json", first.Content.Headers.ContentType?.MediaType);
        var bytes = await first.Content.ReadAsByteArrayAsync(Ct);
        var document = JsonNode.Parse(bytes)!;
        Assert.Equal(issuer, (string?)document["issuer"]);
        Assert.Equal(issuer + "/keys", (string?)document["jwks_uri"]);
        Assert.Equal(["id_token"], document["response_types_supported"]!.AsArray().Select(x => (string?)x));
        Assert.Equal(["public"], document["subject_types_supported"]!.AsArray().Select(x => (string?)x));
        Assert.Equal(["RS256"], document["id_token_signing_alg_values_supported"]!.AsArray().Select(x => (string?)x));
        Assert.Equal(["sub", "iss"], document["claims_supported"]!.AsArray().Select(x => (string?)x));
        Assert.Contains($"\"issuer\":\"{issuer}\"", System.Text.Encoding.UTF8.GetString(bytes), StringComparison.Ordinal);

        // The same bytes on every call and at the issuer's own path.
        Assert.Equal(bytes, await http.GetByteArrayAsync("/.well-known/openid-configuration", Ct));
        Assert.Equal(bytes, await http.GetByteArrayAsync($"{idPath}/.well-known/openid-configuration", Ct));

        var jwks = await http.GetByteArrayAsync("/openid/v1/jwks", Ct);
        Assert.Equal(jwks, await http.GetByteArrayAsync("/openid/v1/jwks", Ct));
        Assert.Equal(jwks, await http.GetByteArrayAsync("/keys", Ct));
        Assert.Equal(jwks, await http.GetByteArrayAsync($"{idPath}/keys", Ct));
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("/keys/extra", Ct)).StatusCode);
    }

    [Fact]
    public async Task Jwks_has_one_RS256_key_whose_kid_is_the_hash_of_its_public_key()
    {
        using var http = Anonymous(fixture.Server);
        var jwks = JsonNode.Parse(await http.GetStringAsync("/openid/v1/jwks", Ct))!;
        var key = Assert.Single(jwks["keys"]!.AsArray())!.AsObject();
        Assert.Equal(["use", "kty", "kid", "alg", "n", "e"], key.Select(p => p.Key));
        Assert.Equal("sig", (string?)key["use"]);
        Assert.Equal("RSA", (string?)key["kty"]);
        Assert.Equal("RS256", (string?)key["alg"]);
        using var rsa = RSA.Create(new RSAParameters { Modulus = Base64Url.DecodeFromChars((string)key["n"]!), Exponent = Base64Url.DecodeFromChars((string)key["e"]!) });
        Assert.Equal(2048, rsa.KeySize);
        Assert.Equal(Base64Url.EncodeToString(SHA256.HashData(rsa.ExportSubjectPublicKeyInfo())), (string?)key["kid"]);
    }

    [Fact]
    public async Task A_token_verifies_against_the_served_JWKS()
    {
        var ns = await fixture.NewNamespaceAsync("oidc");
        var account = await EnsureServiceAccountAsync(fixture.Client, ns, "app");
        var token = (await RequestTokenAsync(fixture.Client, ns, "app", 86400, ["sts.amazonaws.com"])).Status.Token;

        using var http = Anonymous(fixture.Server);
        var discovery = JsonNode.Parse(await http.GetStringAsync("/.well-known/openid-configuration", Ct))!;
        var jwksPath = new Uri((string)discovery["jwks_uri"]!).AbsolutePath;
        var keys = new JsonWebKeySet(await http.GetStringAsync(jwksPath, Ct));

        var result = await new JsonWebTokenHandler().ValidateTokenAsync(token, new TokenValidationParameters
        {
            ValidIssuer = (string)discovery["issuer"]!,
            ValidAudience = "sts.amazonaws.com",
            IssuerSigningKeys = keys.GetSigningKeys(),
            ValidAlgorithms = ["RS256"],
            RequireSignedTokens = true,
            RequireExpirationTime = true,
        });
        Assert.True(result.IsValid, result.Exception?.ToString());
        var jwt = (JsonWebToken)result.SecurityToken;
        Assert.Equal(keys.Keys[0].Kid, jwt.Kid);
        Assert.Equal($"system:serviceaccount:{ns}:app", jwt.Subject);
        Assert.Equal(["sts.amazonaws.com"], jwt.Audiences);
        Assert.Equal(TimeSpan.FromSeconds(86400), jwt.ValidTo - jwt.IssuedAt);
        var k8s = Part(jwt.EncodedToken, 1)["kubernetes.io"]!;
        Assert.Equal(account.Metadata.Uid, (string?)k8s["serviceaccount"]!["uid"]);

        // A different audience or issuer does not validate.
        var wrong = await new JsonWebTokenHandler().ValidateTokenAsync(token, new TokenValidationParameters
        {
            ValidIssuer = (string)discovery["issuer"]!,
            ValidAudience = "someone-else",
            IssuerSigningKeys = keys.GetSigningKeys(),
        });
        Assert.False(wrong.IsValid);
    }
}
