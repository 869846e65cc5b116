namespace Piksel.Platform.Aws.Iam;

/// <summary>One page of a List* answer; <see cref="Marker"/> is set when more pages follow.</summary>
public sealed record IamPage<T>(IReadOnlyList<T> Items, string? Marker)
{
    /// <summary>True when another page follows (pass <see cref="Marker"/> to get it).</summary>
    public bool IsTruncated => Marker is not null;
}
