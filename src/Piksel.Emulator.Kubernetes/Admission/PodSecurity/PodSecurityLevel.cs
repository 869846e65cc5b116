namespace Piksel.Emulator.Kubernetes.Admission.PodSecurity;

/// <summary>The Pod Security Standards levels, least to most restrictive.</summary>
public enum PodSecurityLevel
{
    /// <summary>Unrestricted: no checks.</summary>
    Privileged,

    /// <summary>Prevents known privilege escalations.</summary>
    Baseline,

    /// <summary>Hardening best practice on top of baseline.</summary>
    Restricted,
}
