namespace Piksel.Emulator.Kubernetes.Storage;

/// <summary>
/// A storage transformer could not encrypt or decrypt an object (its key is disabled, missing or not the one that
/// sealed it). The message is the transformer's own, as kube-apiserver reports it inside its InternalError.
/// </summary>
public sealed class StorageTransformException : Exception
{
    /// <summary>A failure described by <paramref name="message"/>.</summary>
    public StorageTransformException(string message)
        : base(message)
    {
    }

    /// <summary>A failure described by <paramref name="message"/>, caused by <paramref name="inner"/>.</summary>
    public StorageTransformException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
