namespace Piksel.Platform.Aws.Iam;

/// <summary>ListPolicies' filters and paging.</summary>
public sealed record ListPoliciesRequest
{
    /// <summary><c>All</c> (default), <c>AWS</c> or <c>Local</c>.</summary>
    public string? Scope { get; init; }
    public bool? OnlyAttached { get; init; }
    public string? PathPrefix { get; init; }
    public string? Marker { get; init; }
    /// <summary>1..1000; default (null) 100.</summary>
    public int? MaxItems { get; init; }
}
