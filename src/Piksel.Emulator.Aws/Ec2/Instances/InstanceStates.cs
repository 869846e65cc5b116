namespace Piksel.Emulator.Aws.Ec2.Instances;

/// <summary>The instance and volume-attachment lifecycles on the emulator's clock, as EC2 runs them (faster).</summary>
public static class InstanceStates
{
    /// <summary>How long an instance is <c>pending</c> and <c>shutting-down</c>: AWS takes tens of seconds, the emulator a few.</summary>
    public static readonly TimeSpan Transition = TimeSpan.FromSeconds(5);

    /// <summary>How long a volume is <c>attaching</c> or <c>detaching</c>.</summary>
    public static readonly TimeSpan AttachTransition = TimeSpan.FromSeconds(2);

    /// <summary>How long a terminated instance is still described (AWS keeps them about an hour).</summary>
    public static readonly TimeSpan Visible = TimeSpan.FromHours(1);

    /// <summary>The state name at <paramref name="now"/>.</summary>
    public static string Of(InstanceRecord instance, DateTimeOffset now) =>
        instance.TerminateTime is { } terminated ? (now < terminated + Transition ? "shutting-down" : "terminated")
        : now < instance.LaunchTime + Transition ? "pending" : "running";

    /// <summary>EC2's state code of <paramref name="state"/> (the low byte AWS documents).</summary>
    public static int Code(string state) => state switch
    {
        "pending" => 0,
        "running" => 16,
        "shutting-down" => 32,
        "terminated" => 48,
        "stopping" => 64,
        _ => 80,
    };

    /// <summary>True while DescribeInstances still lists it.</summary>
    public static bool Described(InstanceRecord instance, DateTimeOffset now) =>
        instance.TerminateTime is not { } terminated || now < terminated + Transition + Visible;

    /// <summary>True until it is terminated.</summary>
    public static bool Alive(InstanceRecord instance, DateTimeOffset now) => Of(instance, now) != "terminated";

    /// <summary><c>attaching</c>, <c>attached</c>, <c>detaching</c> or <c>detached</c> at <paramref name="now"/>.</summary>
    public static string Of(VolumeAttachment attachment, DateTimeOffset now) =>
        attachment.DetachTime is { } detached ? (now < detached + AttachTransition ? "detaching" : "detached")
        : now < attachment.AttachTime + AttachTransition ? "attaching" : "attached";
}
