namespace Piksel.Emulator.Aws.Iam;

/// <summary>A page of a List* answer; <see cref="Marker"/> is set when more follow.</summary>
internal sealed record IamPage<T>(IReadOnlyList<T> Items, string? Marker);
