namespace Piksel.Platform.Spec.Aws;

/// <summary>
/// An RDS DB parameter group of one engine family; only the parameters named here are the platform's (the family's
/// defaults are left alone). Its name is the resource's name. Output: <c>arn</c>.
/// </summary>
public sealed record RdsDbParameterGroup : AwsResource
{
    /// <summary>The engine family (<c>postgres16</c>); fixed at creation. No default.</summary>
    [ForceNew]
    public required string Family { get; init; }

    /// <summary>The description; fixed at creation. Default: <c>Managed by piksel-platform</c>.</summary>
    [ForceNew]
    public string Description { get; init; } = "Managed by piksel-platform";

    /// <summary>Parameter values by name, applied immediately where RDS allows it, else at the next reboot. Default: none.</summary>
    public IReadOnlyDictionary<string, string> Parameters { get; init; } = new Dictionary<string, string>();
}
