namespace Piksel.Platform.Providers;

/// <summary>Where a platform is provisioned (ARCHITECTURE.md, "A provider is three strategies").</summary>
public enum ProviderKind
{
    /// <summary>In-process AWS emulator and Kubernetes API server; needs nothing but the .NET SDK.</summary>
    Embedded,

    /// <summary>LocalStack and k3s containers; needs Docker.</summary>
    LocalStack,

    /// <summary>Real AWS accounts; needs credentials for the environment's own account.</summary>
    Aws,

    /// <summary>An AWS-compatible endpoint and a cluster (kubeconfig context) the user already runs.</summary>
    Existing,
}
