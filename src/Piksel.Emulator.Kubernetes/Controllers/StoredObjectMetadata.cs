using System.Globalization;
using Piksel.Emulator.Kubernetes.Rest;
using Piksel.Emulator.Kubernetes.Storage;

namespace Piksel.Emulator.Kubernetes.Controllers;

/// <summary>What controllers read of a stored object's metadata.</summary>
public static class StoredObjectMetadata
{
    /// <summary>The object's uid.</summary>
    public static string Uid(this StoredObject o) => o.View["metadata"]?["uid"]?.GetValue<string>() ?? "";

    /// <summary>True when the object has a deletionTimestamp.</summary>
    public static bool IsDeleting(this StoredObject o) => o.View["metadata"]?["deletionTimestamp"] is not null;

    /// <summary>The object's metadata.finalizers.</summary>
    public static IReadOnlyList<string> Finalizers(this StoredObject o) => Meta.Finalizers(o.View);

    /// <summary>The object's metadata.resourceVersion as a string.</summary>
    public static string VersionString(this StoredObject o) => o.ResourceVersion.ToString(CultureInfo.InvariantCulture);
}
