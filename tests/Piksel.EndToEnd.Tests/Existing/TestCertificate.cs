using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Piksel.EndToEnd.Tests.Existing;

/// <summary>A self-signed certificate and key made once per run, base64 PEM as kubeconfig holds them.</summary>
internal static class TestCertificate
{
    private static readonly Lazy<(string Certificate, string Key)> Made = new(() =>
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=test-ca", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch.AddYears(100));
        return (B64(certificate.ExportCertificatePem()), B64(key.ExportPkcs8PrivateKeyPem()));
    });

    /// <summary>The certificate (also usable as a CA).</summary>
    public static string CertificateData => Made.Value.Certificate;

    /// <summary>Its private key.</summary>
    public static string KeyData => Made.Value.Key;

    private static string B64(string pem) => Convert.ToBase64String(Encoding.UTF8.GetBytes(pem));
}
