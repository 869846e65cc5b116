namespace Piksel.Emulator.Aws.Hosting.Operations;

/// <summary>
/// A service's operations by name, each declared with its authorization. Built once when the service is made, then
/// read-only: <see cref="Add(AwsOperation)"/> refuses a name twice and an operation built without a declaration cannot exist.
/// </summary>
public sealed class OperationTable
{
    private readonly Dictionary<string, AwsOperation> byName = new(StringComparer.Ordinal);
    private bool frozen;

    /// <summary>Every operation, in the order added.</summary>
    public IReadOnlyCollection<AwsOperation> All => byName.Values;

    /// <summary>Adds <paramref name="operation"/>; throws when its name is taken or the table is frozen.</summary>
    public OperationTable Add(AwsOperation operation)
    {
        ArgumentNullException.ThrowIfNull(operation);
        if (frozen) throw new InvalidOperationException($"The operation table is frozen; {operation.Name} came too late.");
        if (!byName.TryAdd(operation.Name, operation)) throw new ArgumentException($"Operation {operation.Name} is declared twice.", nameof(operation));
        return this;
    }

    /// <summary>Adds an operation whose <paramref name="action"/> the pipeline checks before the handler.</summary>
    public OperationTable Add(string name, string action, Func<AwsRequestContext, OperationCall> prepare) =>
        Add(AwsOperation.Authorized(name, action, prepare));

    /// <summary>Adds every operation of <paramref name="group"/>.</summary>
    public OperationTable AddGroup(IOperationGroup group)
    {
        ArgumentNullException.ThrowIfNull(group);
        group.Register(this);
        return this;
    }

    /// <summary>Ends construction: nothing can be added afterwards.</summary>
    public OperationTable Freeze()
    {
        frozen = true;
        return this;
    }

    /// <summary>The operation named <paramref name="name"/>, or null.</summary>
    public AwsOperation? Find(string? name) => name is not null && byName.TryGetValue(name, out var operation) ? operation : null;
}
