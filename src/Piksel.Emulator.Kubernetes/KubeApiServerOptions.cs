using System.Security.Cryptography;

namespace Piksel.Emulator.Kubernetes;

/// <summary>How a <see cref="KubeApiServer"/> listens and what kind of cluster it pretends to be.</summary>
public sealed record KubeApiServerOptions
{
    /// <summary>HTTPS port. Default 0 (a free port, as tests want); the command line uses 6443.</summary>
    public int Port { get; init; }

    /// <summary>Address to bind. Default 127.0.0.1.</summary>
    public string Host { get; init; } = "127.0.0.1";

    /// <summary>The cluster's name (kubeconfig cluster and context). Default <c>piksel</c>.</summary>
    public string ClusterName { get; init; } = "piksel";

    /// <summary>AWS region in the issuer URL. Default ap-southeast-3 (the Piksel platform's region).</summary>
    public string Region { get; init; } = "ap-southeast-3";

    /// <summary>
    /// The service-account token issuer. Default null: EKS's form <c>https://oidc.eks.&lt;region&gt;.amazonaws.com/id/&lt;32 hex&gt;</c>
    /// with a fresh id (kept across restarts when there is a data directory).
    /// </summary>
    public string? Issuer { get; init; }

    /// <summary>Kubernetes version reported by /version (major.minor). Default 1.33.</summary>
    public string KubernetesVersion { get; init; } = "1.33";

    /// <summary>Where objects, keys and certificates are kept (owner-only). Default null: memory only.</summary>
    public string? DataDirectory { get; init; }

    /// <summary>
    /// The per-installation master key that seals the private keys in <see cref="DataDirectory"/> and, unless the builder
    /// is given a storage transformer, the Secrets at rest; it must lie outside that directory. Default null:
    /// <c>PIKSEL_MASTER_KEY_FILE</c> when set, else <c>piksel/master.key</c> under the user's data directory
    /// (<c>$XDG_DATA_HOME</c> or <c>~/.local/share</c>). Made on first use; unused without a data directory.
    /// </summary>
    public string? MasterKeyFile { get; init; }

    /// <summary>The clock for tokens, timestamps and controllers. Default <see cref="TimeProvider.System"/>.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Extra DNS names on the serving certificate.</summary>
    public IReadOnlyList<string> ExtraServingNames { get; init; } = [];

    /// <summary>Static admin bearer token. Default: random per start (the kubeconfig uses the client certificate).</summary>
    public string AdminToken { get; init; } = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));

    /// <summary>
    /// How long a read from a resourceVersion the store has not reached yet waits for it before answering 504 "Too large
    /// resource version" (the watch cache's blockTimeout). Default 3 s, as kube-apiserver; tests shorten it.
    /// </summary>
    public TimeSpan ResourceVersionWait { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>
    /// Whether the guard rails a real cluster runs with are on: the RBAC authorizer, Pod Security admission, LimitRanger
    /// and ResourceQuota. Default true; off only to measure what they cost (bench) — a server without them is not a
    /// cluster anyone runs.
    /// </summary>
    public bool GuardRails { get; init; } = true;

    /// <summary>
    /// The PodSecurity admission configuration (defaults for unlabelled namespaces, exemptions, where audit violations go).
    /// Default: every mode privileged:latest, nothing exempt — stock kube-apiserver and EKS.
    /// </summary>
    public Admission.PodSecurity.PodSecurityOptions PodSecurity { get; init; } = new();

    /// <summary>Checks the options.</summary>
    public void Validate()
    {
        if (ResourceVersionWait < TimeSpan.Zero || ResourceVersionWait > TimeSpan.FromMinutes(1))
            throw new ArgumentException($"KubeApiServerOptions.ResourceVersionWait must be 0..60 s; got {ResourceVersionWait}.");
        if (Port is < 0 or > 65535) throw new ArgumentException($"KubeApiServerOptions.Port must be 0..65535; got {Port}.");
        if (Issuer is not null && (!Issuer.StartsWith("https://", StringComparison.Ordinal) || Issuer.Contains('?', StringComparison.Ordinal) || Issuer.Contains('#', StringComparison.Ordinal)))
            throw new ArgumentException($"KubeApiServerOptions.Issuer must be an https URL without query or fragment; got '{Issuer}'.");
        if (!System.Text.RegularExpressions.Regex.IsMatch(KubernetesVersion, @"^1\.\d{1,2}$"))
            throw new ArgumentException($"KubeApiServerOptions.KubernetesVersion must look like 1.33; got '{KubernetesVersion}'.");
    }
}
