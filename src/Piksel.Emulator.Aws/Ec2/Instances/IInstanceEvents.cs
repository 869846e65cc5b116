namespace Piksel.Emulator.Aws.Ec2.Instances;

/// <summary>
/// Where EC2 reports instance state changes (pending, running, shutting-down, terminated), at the emulator-clock time
/// each happens: the seam EventBridge's <c>EC2 Instance State-change Notification</c> events are made from.
/// </summary>
public interface IInstanceEvents
{
    /// <summary>Instance <paramref name="change"/> happened.</summary>
    void StateChanged(InstanceStateChange change);
}

/// <summary>One instance entering <see cref="State"/> at <see cref="Time"/>.</summary>
public sealed record InstanceStateChange(string Account, string Region, string InstanceId, string State, DateTimeOffset Time);

/// <summary>Reports nothing: the default until EventBridge listens.</summary>
public sealed class NoInstanceEvents : IInstanceEvents
{
    /// <summary>The one instance.</summary>
    public static NoInstanceEvents Instance { get; } = new();

    /// <inheritdoc />
    public void StateChanged(InstanceStateChange change)
    {
    }
}
