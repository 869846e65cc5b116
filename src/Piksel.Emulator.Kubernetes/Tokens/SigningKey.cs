using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text.Json.Nodes;

namespace Piksel.Emulator.Kubernetes.Tokens;

/// <summary>
/// The service-account signing key: RSA 2048 (RS256), with the key id the API server derives from it (base64url
/// SHA-256 of the public key's PKIX DER). Kept as <c>&lt;data&gt;/pki/sa.key</c> when there is a data directory, so
/// tokens and the JWKS survive restarts: owner-only and sealed under the master key (<see cref="Security.SealedKeyFile"/>).
/// </summary>
public sealed class SigningKey : IDisposable
{
    private SigningKey(RSA rsa)
    {
        Rsa = rsa;
        KeyId = Base64Url.EncodeToString(SHA256.HashData(rsa.ExportSubjectPublicKeyInfo()));
        var parameters = rsa.ExportParameters(false);
        Jwk = new JsonObject
        {
            ["use"] = "sig",
            ["kty"] = "RSA",
            ["kid"] = KeyId,
            ["alg"] = "RS256",
            ["n"] = Base64Url.EncodeToString(parameters.Modulus),
            ["e"] = Base64Url.EncodeToString(parameters.Exponent),
        };
    }

    /// <summary>The private key.</summary>
    public RSA Rsa { get; }

    /// <summary>The <c>kid</c> header of every token and the JWKS entry.</summary>
    public string KeyId { get; }

    /// <summary>The public key as a JWK, in the API server's field order.</summary>
    public JsonObject Jwk { get; }

    /// <summary>Loads the key kept in <paramref name="pkiDirectory"/>, or makes (and keeps) a fresh one, sealed under <paramref name="masterKey"/>.</summary>
    internal static SigningKey LoadOrCreate(string? pkiDirectory, MasterKey? masterKey)
    {
        var path = pkiDirectory is null || masterKey is null ? null : Path.Combine(pkiDirectory, "sa.key");
        var rsa = RSA.Create();
        if (path is not null && File.Exists(path))
        {
            rsa.ImportFromPem(Security.SealedKeyFile.Read(path, masterKey!));
            return new SigningKey(rsa);
        }
        rsa.KeySize = 2048;
        _ = rsa.ExportParameters(false); // generates now, on this (background) thread
        if (path is not null)
        {
            PrivateFiles.EnsureOwnDirectory(pkiDirectory!);
            Security.SealedKeyFile.Write(path, rsa.ExportPkcs8PrivateKeyPem(), masterKey!);
        }
        return new SigningKey(rsa);
    }

    /// <inheritdoc />
    public void Dispose() => Rsa.Dispose();
}
