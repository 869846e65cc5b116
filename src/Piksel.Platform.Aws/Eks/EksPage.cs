namespace Piksel.Platform.Aws.Eks;

/// <summary>One page of names and the token for the next page (null on the last).</summary>
public sealed record EksPage(IReadOnlyList<string> Items, string? NextToken);
