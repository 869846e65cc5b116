namespace Piksel.Emulator.Kubernetes.Crds.Cel;

/// <summary>CEL's <c>null</c> value (a singleton, so values are never .NET null).</summary>
internal sealed class CelNull
{
    /// <summary>The one null value.</summary>
    public static readonly CelNull Value = new();

    private CelNull()
    {
    }

    /// <inheritdoc/>
    public override string ToString() => "null";
}
