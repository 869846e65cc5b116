namespace Piksel.Platform.Verification;

/// <summary><c>sts:AssumeRole</c> into another role, with or without an external id.</summary>
public sealed record AssumeRoleProbe(string RoleArn, string? ExternalId) : AccessProbe
{
    public override string Action => "sts:AssumeRole";

    public override string Target => ExternalId is null ? $"{RoleArn} without external id" : $"{RoleArn} with external id";
}
