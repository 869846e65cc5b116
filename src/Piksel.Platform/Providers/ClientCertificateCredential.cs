using Piksel.Platform.Spec;

namespace Piksel.Platform.Providers;

/// <summary>A client certificate and its key, as kubeconfig holds them (base64 PEM).</summary>
/// <param name="CertificateData">The client certificate (<c>client-certificate-data</c>).</param>
/// <param name="KeyData">Its private key (<c>client-key-data</c>); never printed.</param>
public sealed record ClientCertificateCredential(string CertificateData, SensitiveString KeyData) : KubeconfigCredential;
