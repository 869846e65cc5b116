namespace Piksel.Emulator.Kubernetes.Storage;

/// <summary>
/// Encryption at rest for the objects of chosen resources, the role of a provider in kube-apiserver's
/// <c>EncryptionConfiguration</c>: an object of a resource it covers is kept in storage (the journal) only as the
/// transformer's envelope and read back through it; clients see the object as before. Given to the server before it
/// starts (<see cref="KubeApiServerBuilder.UseStorageTransformer"/>). A failure to transform is the server's
/// <c>InternalError</c>, as when a KMS plugin cannot encrypt or decrypt.
/// </summary>
public interface IStorageTransformer
{
    /// <summary>True when objects of <paramref name="groupResource"/> (e.g. <c>secrets</c>) are encrypted at rest.</summary>
    bool Covers(string groupResource);

    /// <summary>
    /// The envelope of <paramref name="data"/> (the object's JSON) stored under <paramref name="storageKey"/>
    /// (<c>/registry/secrets/&lt;namespace&gt;/&lt;name&gt;</c>, bound as authenticated data). It is text, prefixed as the
    /// real providers prefix theirs (<c>k8s:enc:kms:v2:&lt;provider&gt;:</c>). Throws <see cref="StorageTransformException"/>.
    /// </summary>
    string TransformToStorage(ReadOnlySpan<byte> data, string storageKey);

    /// <summary>The object's JSON from its <paramref name="envelope"/>. Throws <see cref="StorageTransformException"/> when it cannot be opened now.</summary>
    byte[] TransformFromStorage(string envelope, string storageKey);
}
