namespace Piksel.Emulator.Aws.Ec2.Network;

/// <summary>The NAT gateway lifecycle on the emulator's clock, as EC2 runs it.</summary>
internal static class NatGatewayStates
{
    /// <summary>How long a NAT gateway is <c>pending</c> (and <c>deleting</c>): AWS takes minutes, the emulator a few seconds.</summary>
    public static readonly TimeSpan Delay = TimeSpan.FromSeconds(5);

    /// <summary>How long a deleted or failed gateway is still described, as AWS keeps them for about an hour.</summary>
    public static readonly TimeSpan Visible = TimeSpan.FromHours(1);

    /// <summary>The state at <paramref name="now"/>.</summary>
    public static string Of(NatGatewayRecord nat, DateTimeOffset now) =>
        nat.DeleteTime is { } deleted ? (now < deleted + Delay ? "deleting" : "deleted")
        : now < nat.CreateTime + Delay ? "pending"
        : nat.FailureCode is null ? "available" : "failed";

    /// <summary>True while the gateway holds its subnet and address: not failed, not yet deleted.</summary>
    public static bool Holds(NatGatewayRecord nat, DateTimeOffset now) => nat.FailureCode is null && Of(nat, now) != "deleted";

    /// <summary>True while DescribeNatGateways still lists it.</summary>
    public static bool Described(NatGatewayRecord nat, DateTimeOffset now)
    {
        var gone = nat.DeleteTime is { } deleted ? deleted + Delay : nat.FailureCode is null ? (DateTimeOffset?)null : nat.CreateTime + Delay;
        return gone is null || now < gone + Visible;
    }
}
