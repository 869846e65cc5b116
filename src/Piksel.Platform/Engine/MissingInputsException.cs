namespace Piksel.Platform.Engine;

/// <summary>Apply refused to start: settings inputs the plan needs are missing.</summary>
public sealed class MissingInputsException(IReadOnlyList<string> inputs)
    : InvalidOperationException(
        $"Apply refused to start: {inputs.Count} input(s) missing: {string.Join(", ", inputs)}. "
        + "Supply each manual secret as the settings input of that name before applying.")
{
    /// <summary>The missing inputs.</summary>
    public IReadOnlyList<string> Inputs { get; } = inputs;
}
