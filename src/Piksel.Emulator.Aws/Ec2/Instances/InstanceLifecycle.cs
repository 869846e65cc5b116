using System.Collections.Concurrent;

namespace Piksel.Emulator.Aws.Ec2.Instances;

/// <summary>
/// Reports each instance state change to <see cref="IInstanceEvents"/> when it happens on the emulator's clock: the
/// change a call makes at once, and the one that follows (pending → running, shutting-down → terminated) from a timer of
/// the clock, so a manual clock moved past the transition reports it.
/// </summary>
internal sealed class InstanceLifecycle(TimeProvider time, IInstanceEvents events)
{
    private readonly ConcurrentDictionary<ITimer, bool> timers = new();

    /// <summary>The instance was launched: pending now, running after <see cref="InstanceStates.Transition"/>.</summary>
    public void Launched(InstanceRecord instance) => Report(instance, "pending", "running");

    /// <summary>The instance is terminating: shutting-down now, terminated after <see cref="InstanceStates.Transition"/>.</summary>
    public void Terminating(InstanceRecord instance) => Report(instance, "shutting-down", "terminated");

    private void Report(InstanceRecord instance, string now, string next)
    {
        var at = time.GetUtcNow();
        events.StateChanged(new InstanceStateChange(instance.Account, instance.Region, instance.InstanceId, now, at));
        ITimer? timer = null;
        timer = time.CreateTimer(unused =>
        {
            events.StateChanged(new InstanceStateChange(instance.Account, instance.Region, instance.InstanceId, next, at + InstanceStates.Transition));
            if (timer is not null && timers.TryRemove(timer, out var _)) timer.Dispose();
        }, null, InstanceStates.Transition, Timeout.InfiniteTimeSpan);
        timers[timer] = true;
    }
}
