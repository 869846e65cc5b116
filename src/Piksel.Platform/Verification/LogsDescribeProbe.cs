namespace Piksel.Platform.Verification;

/// <summary><c>logs:DescribeLogGroups</c>.</summary>
public sealed record LogsDescribeProbe : AccessProbe
{
    public override string Action => "logs:DescribeLogGroups";

    public override string Target => "log groups";
}
