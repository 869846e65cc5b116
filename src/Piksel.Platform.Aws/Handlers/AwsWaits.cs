namespace Piksel.Platform.Aws.Handlers;

/// <summary>
/// How long one handler call waits for a slow AWS state before handing back to the engine's retries, which then say
/// what is still awaited ("Cluster piksel-dev is not ACTIVE yet"). The defaults suit an emulator, where every state
/// settles in seconds; <see cref="RealAws"/> suits AWS's own pace.
/// </summary>
public sealed record AwsWaits
{
    /// <summary>An EKS cluster reaching ACTIVE or going away. Default: 5 minutes.</summary>
    public TimeSpan Cluster { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>An EKS add-on reaching ACTIVE or going away. Default: 5 minutes.</summary>
    public TimeSpan Addon { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>A Fargate profile reaching ACTIVE or going away. Default: 10 minutes.</summary>
    public TimeSpan FargateProfile { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>An EC2 state (a NAT gateway available or deleted, an address released). Default: 5 minutes.</summary>
    public TimeSpan Ec2State { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>An RDS state (an instance available or deleted). Default: 15 minutes.</summary>
    public TimeSpan RdsState { get; init; } = TimeSpan.FromMinutes(15);

    /// <summary>
    /// AWS's own pace: a cluster takes 10–15 minutes to create (20 allowed), add-ons, Fargate profiles and NAT gateways
    /// up to 10, and a DB instance 10–30 (40 allowed), as Terraform's AWS provider allows for them.
    /// </summary>
    public static AwsWaits RealAws { get; } = new()
    {
        Cluster = TimeSpan.FromMinutes(20),
        Addon = TimeSpan.FromMinutes(10),
        FargateProfile = TimeSpan.FromMinutes(10),
        Ec2State = TimeSpan.FromMinutes(10),
        RdsState = TimeSpan.FromMinutes(40),
    };
}
