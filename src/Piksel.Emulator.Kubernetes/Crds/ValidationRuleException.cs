namespace Piksel.Emulator.Kubernetes.Crds;

/// <summary>A validation rule that cannot be compiled or evaluated; the message says why, in CEL's terms.</summary>
public sealed class ValidationRuleException : Exception
{
    /// <summary>An exception with <paramref name="message"/>.</summary>
    public ValidationRuleException(string message) : base(message)
    {
    }

    /// <summary>An exception with <paramref name="message"/> caused by <paramref name="inner"/>.</summary>
    public ValidationRuleException(string message, Exception inner) : base(message, inner)
    {
    }

    /// <summary>An exception without a message (required by the analyzers; prefer a message).</summary>
    public ValidationRuleException() : base("The validation rule cannot be evaluated.")
    {
    }
}
