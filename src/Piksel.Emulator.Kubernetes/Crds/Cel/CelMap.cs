namespace Piksel.Emulator.Kubernetes.Crds.Cel;

/// <summary>A CEL map (and a schema object, which CEL reads the same way): keys are int, uint, bool or string, in insertion order.</summary>
internal sealed class CelMap
{
    private readonly Dictionary<object, object> entries = new(KeyComparer.Instance);

    /// <summary>The number of entries.</summary>
    public int Count => entries.Count;

    /// <summary>The keys, in insertion order.</summary>
    public IEnumerable<object> Keys => entries.Keys;

    /// <summary>The entries, in insertion order.</summary>
    public IEnumerable<KeyValuePair<object, object>> Entries => entries;

    /// <summary>Adds an entry; false when the key is already present.</summary>
    public bool TryAdd(object key, object value) => entries.TryAdd(key, value);

    /// <summary>The value at <paramref name="key"/>, if present.</summary>
    public bool TryGet(object key, out object value) => entries.TryGetValue(key, out value!);

    /// <summary>Map keys compare as CEL values do: 1, 1u and 1.0 are the same key.</summary>
    private sealed class KeyComparer : IEqualityComparer<object>
    {
        public static readonly KeyComparer Instance = new();

        public new bool Equals(object? x, object? y) => x is not null && y is not null && CelEquality.AreEqual(x, y);

        public int GetHashCode(object value) => value switch
        {
            long l => ((double)l).GetHashCode(),
            ulong u => ((double)u).GetHashCode(),
            double d => d.GetHashCode(),
            _ => value.GetHashCode(),
        };
    }
}
