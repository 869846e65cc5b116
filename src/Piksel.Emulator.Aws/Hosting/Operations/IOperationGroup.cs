namespace Piksel.Emulator.Aws.Hosting.Operations;

/// <summary>A class that serves one group of a service's operations (buckets, objects, roles…) and declares them.</summary>
public interface IOperationGroup
{
    /// <summary>Adds this group's operations, each with its authorization, to <paramref name="table"/>.</summary>
    void Register(OperationTable table);
}
