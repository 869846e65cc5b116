using Piksel.Platform.Spec;

namespace Piksel.Platform.Engine;

/// <summary>A resource the engine could not read, change or delete, or skipped because a dependency failed.</summary>
/// <param name="Resource">The resource.</param>
/// <param name="Message">What went wrong, scrubbed of secret values.</param>
/// <param name="ErrorType">The exception's type name, or null when skipped.</param>
/// <param name="SkippedBecause">The failed dependency, when skipped.</param>
/// <param name="Exception">The original exception, kept only when nothing in it holds a secret value.</param>
public sealed record ResourceFailure(ResourceId Resource, string Message, string? ErrorType, ResourceId? SkippedBecause, Exception? Exception)
{
    /// <inheritdoc />
    public override string ToString() => ErrorType is null ? $"{Resource}: {Message}" : $"{Resource}: {ErrorType}: {Message}";
}

/// <summary>Planning, applying or destroying failed for some resources; the message lists each (secrets scrubbed).</summary>
public sealed class PlatformEngineException : Exception
{
    /// <summary>Creates the exception for <paramref name="failures"/>.</summary>
    public PlatformEngineException(string operation, IReadOnlyList<ResourceFailure> failures, ApplyResult? partial = null)
        : base($"{operation} failed for {failures.Count(f => f.SkippedBecause is null)} resource(s):\n  " + string.Join("\n  ", failures))
    {
        Failures = failures;
        Partial = partial;
    }

    /// <summary>Creates the exception.</summary>
    public PlatformEngineException()
    {
        Failures = [];
    }

    /// <summary>Creates the exception with a message.</summary>
    public PlatformEngineException(string message)
        : base(message)
    {
        Failures = [];
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    public PlatformEngineException(string message, Exception innerException)
        : base(message, innerException)
    {
        Failures = [];
    }

    /// <summary>Each resource that failed or was skipped.</summary>
    public IReadOnlyList<ResourceFailure> Failures { get; }

    /// <summary>What an apply achieved before it failed (outputs of the resources that succeeded).</summary>
    public ApplyResult? Partial { get; }
}

/// <summary>Apply refused to start: settings inputs the plan needs are missing.</summary>
public sealed class MissingInputsException(IReadOnlyList<string> inputs)
    : InvalidOperationException(
        $"Apply refused to start: {inputs.Count} input(s) missing: {string.Join(", ", inputs)}. "
        + "Supply each manual secret as the settings input of that name before applying.")
{
    /// <summary>The missing inputs.</summary>
    public IReadOnlyList<string> Inputs { get; } = inputs;
}
