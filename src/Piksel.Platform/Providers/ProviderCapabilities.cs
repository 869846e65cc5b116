namespace Piksel.Platform.Providers;

/// <summary>
/// What a provider can prove (ARCHITECTURE.md, "Each provider declares its capabilities"). A check that needs a
/// capability the provider lacks is reported as skipped with the capability named, never as passed.
/// </summary>
[Flags]
public enum ProviderCapabilities
{
    /// <summary>Nothing beyond applying the definition.</summary>
    None = 0,

    /// <summary>AWS evaluates IAM policies on every request: a call outside a role's policy is refused.</summary>
    IamEnforcement = 1 << 0,

    /// <summary>STS verifies web-identity tokens against the issuer's keys, audience and expiry (IRSA).</summary>
    WebIdentityVerification = 1 << 1,

    /// <summary>The database is a real PostgreSQL server: logins, databases and grants can be tried.</summary>
    RealDatabase = 1 << 2,

    /// <summary>Clusters, add-ons, Fargate profiles and access entries are EKS's (emulated or real), not harness records.</summary>
    EksApi = 1 << 3,

    /// <summary>The API server admits pods through Pod Security admission.</summary>
    PodSecurity = 1 << 4,

    /// <summary>NetworkPolicies have meaning: what they deny does not connect.</summary>
    NetworkPolicyEnforcement = 1 << 5,

    /// <summary>The emulators' clock can be moved (<see cref="IClockControl"/>): what needs time to pass is checked at once.</summary>
    MovableClock = 1 << 6,

    /// <summary>The AWS endpoint and the API servers run in this process: what the servers hold can be compared with what the provider hands out.</summary>
    InProcessEmulators = 1 << 7,

    /// <summary>Karpenter runs in the cluster on the provider's EC2: pending pods get instances and nodes, idle nodes go.</summary>
    NodeProvisioning = 1 << 8,
}
