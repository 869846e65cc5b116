using System.Collections.Concurrent;

namespace Piksel.Emulator.Aws.Ec2.Instances;

/// <summary>
/// Which offerings (instance type × zone × capacity type) have no capacity now: launching one answers
/// InsufficientInstanceCapacity, as AWS does when a zone runs out. Everything has capacity until marked; tests and the
/// chaos endpoint mark offerings to see a fleet fall back to the next.
/// </summary>
public sealed class InstanceCapacity
{
    private readonly ConcurrentDictionary<(string Type, string Zone, string? CapacityType), bool> unavailable = new();

    /// <summary>Marks <paramref name="instanceType"/> in <paramref name="zone"/> out of capacity, for one capacity type or (null) both.</summary>
    public void MarkUnavailable(string instanceType, string zone, string? capacityType = null) =>
        unavailable[(instanceType, zone, capacityType)] = true;

    /// <summary>Gives the offering its capacity back.</summary>
    public void MarkAvailable(string instanceType, string zone, string? capacityType = null) =>
        unavailable.TryRemove((instanceType, zone, capacityType), out _);

    /// <summary>True when a launch of <paramref name="instanceType"/> in <paramref name="zone"/> as <paramref name="capacityType"/> succeeds.</summary>
    public bool Has(string instanceType, string zone, string capacityType) =>
        !unavailable.ContainsKey((instanceType, zone, null)) && !unavailable.ContainsKey((instanceType, zone, capacityType));
}
