namespace Piksel.Hosting.Existing;

/// <summary>The AWS endpoint of the <c>existing</c> provider cannot be used: it does not answer, refuses the credentials, or they belong to another account. The message says which; it never holds a secret.</summary>
public sealed class AwsEndpointException : Exception
{
    /// <summary>An error with <paramref name="message"/>.</summary>
    public AwsEndpointException(string message)
        : base(message)
    {
    }

    /// <summary>An error with <paramref name="message"/>, caused by <paramref name="inner"/>.</summary>
    public AwsEndpointException(string message, Exception inner)
        : base(message, inner)
    {
    }

    /// <summary>An error with no message of its own.</summary>
    public AwsEndpointException()
    {
    }
}
