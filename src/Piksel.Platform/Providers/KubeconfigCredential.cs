namespace Piksel.Platform.Providers;

/// <summary>How a kubeconfig's user authenticates: <see cref="ClientCertificateCredential"/> or <see cref="ExecCredential"/>.</summary>
public abstract record KubeconfigCredential;
