using System.Security.Cryptography;
using System.Text;

namespace Piksel.Platform.Aws.Postgres;

/// <summary>
/// A SCRAM-SHA-256 verifier of a password (RFC 5802/7677, in PostgreSQL's stored form), made on the client as
/// psql's <c>\password</c> does: the server stores it as is, so the clear password never crosses the wire nor reaches
/// a server log that records DDL (<c>log_statement = ddl</c>, common on RDS).
/// </summary>
public static class ScramVerifier
{
    private const int Iterations = 4096;

    /// <summary>
    /// The verifier of <paramref name="password"/>, or null when the password is not printable ASCII (then SASLprep,
    /// which the server applies, may change it; the caller sends it as a literal and lets the server hash it).
    /// </summary>
    public static string? For(string password, ReadOnlySpan<byte> salt = default)
    {
        ArgumentNullException.ThrowIfNull(password);
        if (password.Length == 0 || password.Any(c => c < 0x20 || c > 0x7e))
        {
            return null;
        }

        var saltBytes = salt.IsEmpty ? RandomNumberGenerator.GetBytes(16) : salt.ToArray();
        var salted = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), saltBytes, Iterations, HashAlgorithmName.SHA256, 32);
        var clientKey = HMACSHA256.HashData(salted, "Client Key"u8);
        var storedKey = SHA256.HashData(clientKey);
        var serverKey = HMACSHA256.HashData(salted, "Server Key"u8);
        return $"SCRAM-SHA-256${Iterations}:{Convert.ToBase64String(saltBytes)}${Convert.ToBase64String(storedKey)}:{Convert.ToBase64String(serverKey)}";
    }
}
