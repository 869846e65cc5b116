using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Piksel.Emulator.Kubernetes.Security;

/// <summary>
/// A cluster's own PKI: a CA, the API server's serving certificate (127.0.0.1, ::1, localhost and any extra names)
/// and the admin's client certificate (CN kubernetes-admin, O system:masters), as kubeadm and EKS issue them.
/// ECDSA P-256 keeps start-up fast; kubectl and .NET accept it. Kept in a data directory, the certificates are PEM
/// files and their private keys are sealed under the master key (<see cref="SealedKeyFile"/>), all owner-only.
/// </summary>
public sealed class ClusterCertificates : IDisposable
{
    private static readonly string[] ServingNames = ["localhost", "kubernetes", "kubernetes.default", "kubernetes.default.svc", "kubernetes.default.svc.cluster.local"];

    private ClusterCertificates(X509Certificate2 ca, X509Certificate2 serving, X509Certificate2 admin)
    {
        Authority = ca;
        Serving = serving;
        AdminClient = admin;
    }

    /// <summary>The cluster CA (with its private key).</summary>
    public X509Certificate2 Authority { get; }

    /// <summary>The serving certificate, signed by the CA.</summary>
    public X509Certificate2 Serving { get; }

    /// <summary>The admin client certificate, signed by the CA.</summary>
    public X509Certificate2 AdminClient { get; }

    /// <summary>The admin user name in the client certificate.</summary>
    public const string AdminUser = "kubernetes-admin";

    /// <summary>
    /// Creates a fresh PKI, or loads the one kept in <paramref name="directory"/> (so kubeconfigs stay valid across
    /// restarts), its keys sealed under the default master key (see <see cref="KubeApiServerOptions.MasterKeyFile"/>).
    /// </summary>
    public static ClusterCertificates LoadOrCreate(string? directory, TimeProvider time, IEnumerable<string>? extraNames = null) =>
        LoadOrCreate(directory, directory is null ? null : MasterKey.ForState(null, PrivateFiles.EnsureOwnDirectory(directory)), time, extraNames);

    /// <summary>Creates a fresh PKI, or loads the one kept in <paramref name="directory"/>, its keys sealed under <paramref name="masterKey"/>.</summary>
    internal static ClusterCertificates LoadOrCreate(string? directory, MasterKey? masterKey, TimeProvider time, IEnumerable<string>? extraNames)
    {
        if (directory is not null && masterKey is not null && File.Exists(Path.Combine(directory, "ca.pem")))
        {
            return new ClusterCertificates(Load(directory, "ca", masterKey), Load(directory, "serving", masterKey), Load(directory, "admin", masterKey));
        }

        var now = time.GetUtcNow();
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest("CN=kubernetes", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign | X509KeyUsageFlags.DigitalSignature, true));
        caRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(caRequest.PublicKey, false));
        var ca = caRequest.CreateSelfSigned(now.AddMinutes(-5), now.AddYears(10));

        var sans = new SubjectAlternativeNameBuilder();
        sans.AddIpAddress(IPAddress.Loopback);
        sans.AddIpAddress(IPAddress.IPv6Loopback);
        foreach (var name in ServingNames.Concat(extraNames ?? []))
            sans.AddDnsName(name);
        var serving = Issue(ca, "CN=kube-apiserver", now, sans.Build(), new OidCollection { new("1.3.6.1.5.5.7.3.1") });
        var admin = Issue(ca, $"CN={AdminUser}, O=system:masters", now, null, new OidCollection { new("1.3.6.1.5.5.7.3.2") });
        var certificates = new ClusterCertificates(ca, serving, admin);
        if (directory is not null && masterKey is not null) certificates.Save(directory, masterKey);
        return certificates;
    }

    private static X509Certificate2 Load(string directory, string name, MasterKey masterKey) =>
        X509Certificate2.CreateFromPem(File.ReadAllText(Path.Combine(directory, name + ".pem")), SealedKeyFile.Read(Path.Combine(directory, name + "-key.pem"), masterKey));

    private static X509Certificate2 Issue(X509Certificate2 ca, string subject, DateTimeOffset now, X509Extension? sans, OidCollection usages)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(usages, false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(ca, true, false));
        if (sans is not null) request.CertificateExtensions.Add(sans);
        var serial = new byte[16];
        RandomNumberGenerator.Fill(serial);
        serial[0] &= 0x7F;
        using var issued = request.Create(ca, now.AddMinutes(-5), now.AddYears(5), serial);
        return issued.CopyWithPrivateKey(key);
    }

    private void Save(string directory, MasterKey masterKey)
    {
        PrivateFiles.EnsureOwnDirectory(directory);
        // Keys first: ca.pem is what a start looks for, so it is written last, once everything it needs is there.
        foreach (var (name, cert) in new[] { ("ca", Authority), ("serving", Serving), ("admin", AdminClient) })
            SealedKeyFile.Write(Path.Combine(directory, name + "-key.pem"), PrivateKeyPem(cert), masterKey);
        foreach (var (name, cert) in new[] { ("serving", Serving), ("admin", AdminClient), ("ca", Authority) })
            PrivateFiles.ReplaceAtomically(Path.Combine(directory, name + ".pem"), System.Text.Encoding.ASCII.GetBytes(cert.ExportCertificatePem()));
    }

    /// <summary>PEM of a certificate's private key.</summary>
    public static string PrivateKeyPem(X509Certificate2 certificate) => certificate.GetECDsaPrivateKey()!.ExportPkcs8PrivateKeyPem();

    /// <summary>True when <paramref name="certificate"/> was issued by this cluster's CA.</summary>
    public bool IsIssuedByCluster(X509Certificate2 certificate)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(Authority);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(certificate);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        Authority.Dispose();
        Serving.Dispose();
        AdminClient.Dispose();
    }
}
