namespace Piksel.Platform.Verification;

/// <summary>A read-only EC2 call without parameters, e.g. <c>DescribeVolumes</c>.</summary>
public sealed record Ec2DescribeProbe(string Operation) : AccessProbe
{
    public override string Action => $"ec2:{Operation}";

    public override string Target => "*";
}
