using System.Collections.Concurrent;

namespace Piksel.Emulator.Aws.Ec2.Instances;

/// <summary>
/// Reports each instance state change to <see cref="IInstanceEvents"/> at the emulator-clock time it happens: the
/// change a call makes at once, and the one that follows (pending → running, shutting-down → terminated) once the clock
/// has passed it. A clock may be moved without firing timers (the embedded provider shifts "now"), so a due change is
/// reported by whichever comes first: the next EC2 request (<see cref="CatchUp"/>) or a timer of the clock.
/// </summary>
internal sealed class InstanceLifecycle(TimeProvider time, IInstanceEvents events)
{
    private readonly ConcurrentDictionary<string, InstanceStateChange> due = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<ITimer, bool> timers = new();

    /// <summary>The instance was launched: pending now, running after <see cref="InstanceStates.Transition"/>.</summary>
    public void Launched(InstanceRecord instance) => Report(instance, "pending", "running");

    /// <summary>The instance is terminating: shutting-down now, terminated after <see cref="InstanceStates.Transition"/>.</summary>
    public void Terminating(InstanceRecord instance) => Report(instance, "shutting-down", "terminated");

    /// <summary>Reports every change the clock has reached, in time order.</summary>
    public void CatchUp()
    {
        var now = time.GetUtcNow();
        foreach (var (key, change) in due.Where(d => d.Value.Time <= now).OrderBy(d => d.Value.Time).ToList())
            if (due.TryRemove(key, out _)) events.StateChanged(change);
    }

    private void Report(InstanceRecord instance, string now, string next)
    {
        var at = time.GetUtcNow();
        // A change still due for this instance (terminated while pending) happened before this one.
        CatchUp();
        if (due.TryRemove(instance.InstanceId, out var earlier)) events.StateChanged(earlier with { Time = at });
        events.StateChanged(new InstanceStateChange(instance.Account, instance.Region, instance.InstanceId, now, at));
        due[instance.InstanceId] = new InstanceStateChange(instance.Account, instance.Region, instance.InstanceId, next, at + InstanceStates.Transition);
        ITimer? timer = null;
        timer = time.CreateTimer(unused =>
        {
            CatchUp();
            if (timer is not null && timers.TryRemove(timer, out var removed)) timer.Dispose();
        }, null, InstanceStates.Transition, Timeout.InfiniteTimeSpan);
        timers[timer] = true;
    }
}
