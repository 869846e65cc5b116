namespace Piksel.Platform.Engine;

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
