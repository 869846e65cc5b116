namespace Piksel.Hosting.Clusters;

/// <summary>A cluster source cannot be used: its kubeconfig is missing or wrong, its context is not there, its API server does not answer. The message says what to do.</summary>
public sealed class ClusterSourceException : Exception
{
    /// <summary>An error with <paramref name="message"/>.</summary>
    public ClusterSourceException(string message)
        : base(message)
    {
    }

    /// <summary>An error with <paramref name="message"/>, caused by <paramref name="inner"/>.</summary>
    public ClusterSourceException(string message, Exception inner)
        : base(message, inner)
    {
    }

    /// <summary>An error with no message of its own.</summary>
    public ClusterSourceException()
    {
    }
}
