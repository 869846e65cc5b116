using Piksel.Platform.Aws.Handlers;
using Piksel.Platform.Aws.Rds;
using Piksel.Platform.Aws.Tests.Infrastructure;
using Piksel.Platform.Spec.Aws;

namespace Piksel.Platform.Aws.Tests.Rds;

/// <summary>
/// DB subnet groups and parameter groups against the emulator's RDS: created, read back equal to the spec (plan after
/// apply: NoChange), a change behind the engine's back seen as drift and repaired, deleted (twice: not an error).
/// </summary>
[Collection(HandlerCollection.Name)]
public sealed class RdsGroupHandlerTests(HandlerFixture fixture)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_subnet_group_reads_back_as_specified_and_drift_in_its_subnets_and_tags_is_repaired()
    {
        var (_, subnets) = await RdsClients.NetworkAsync(fixture.Access, 60, Ct);
        var handler = new RdsDbSubnetGroupHandler(fixture.Context);
        var environment = HandlerFixture.Unique("env");
        var desired = new RdsDbSubnetGroup
        {
            Name = HandlerFixture.Unique("db"),
            Account = HandlerFixture.Account,
            Description = "the database's private subnets",
            SubnetIds = subnets,
            Tags = HandlerFixture.Tags(environment),
        };

        Assert.Null(await handler.ReadAsync(desired with { SubnetIds = ["${ref:Ec2Subnet.x#id}"] }, Ct)); // subnets not made yet: absent without asking
        Assert.Null(await handler.ReadAsync(desired, Ct));
        var outputs = await handler.ApplyAsync(desired, null, Ct);
        Assert.Equal($"arn:aws:rds:us-east-1:{HandlerFixture.Account}:subgrp:{desired.Name}", outputs["arn"]);
        var read = await handler.ReadAsync(desired, Ct);
        Attributes.Equal(desired, read!.State);
        Assert.Equal(outputs, read.Outputs);

        // Behind our back: one subnet dropped (a third zone's subnet keeps two AZs) and a tag removed.
        using var ec2 = RdsClients.Ec2(fixture.Access);
        var vpcId = (await ec2.DescribeSubnetsAsync(new() { SubnetIds = [subnets[0]] }, Ct)).Subnets[0].VpcId;
        var third = (await ec2.CreateSubnetAsync(new() { VpcId = vpcId, AvailabilityZone = "us-east-1c", CidrBlock = "10.60.2.0/24" }, Ct)).Subnet.SubnetId;
        using var rds = RdsClients.Rds(fixture.Access);
        await rds.ModifyDbSubnetGroupAsync(desired.Name, "changed", [subnets[0], third], Ct);
        await rds.RemoveTagsFromResourceAsync(outputs["arn"], ["Project"], Ct);
        var drifted = await handler.ReadAsync(desired, Ct);
        Assert.False(Attributes.AreEqual(desired, drifted!.State));
        Assert.Equal("changed", drifted.State.Description);
        Assert.Contains(third, drifted.State.SubnetIds);

        await handler.ApplyAsync(desired, drifted, Ct);
        Attributes.Equal(desired, (await handler.ReadAsync(desired, Ct))!.State);

        Assert.Contains((await handler.ListManagedAsync(environment, Ct)), o => o.State.Name == desired.Name);
        await handler.DeleteAsync(read, Ct);
        Assert.Null(await handler.ReadAsync(desired, Ct));
        await handler.DeleteAsync(read, Ct);
    }

    [Fact]
    public async Task A_subnet_group_in_one_zone_is_refused_with_RDS_s_code()
    {
        var (_, subnets) = await RdsClients.NetworkAsync(fixture.Access, 61, Ct);
        var handler = new RdsDbSubnetGroupHandler(fixture.Context);
        var desired = new RdsDbSubnetGroup { Name = HandlerFixture.Unique("db"), Account = HandlerFixture.Account, SubnetIds = [subnets[0]] };

        var e = await Assert.ThrowsAnyAsync<Exception>(() => handler.ApplyAsync(desired, null, Ct));
        Assert.True(AwsErrors.Is(e, "DBSubnetGroupDoesNotCoverEnoughAZs"), e.ToString());
    }

    [Fact]
    public async Task A_parameter_group_s_parameters_converge_and_one_changed_behind_the_engine_s_back_is_set_again()
    {
        var handler = new RdsDbParameterGroupHandler(fixture.Context);
        var environment = HandlerFixture.Unique("env");
        var desired = new RdsDbParameterGroup
        {
            Name = HandlerFixture.Unique("pg"),
            Account = HandlerFixture.Account,
            Family = "postgres16",
            Description = "platform parameters",
            Parameters = new Dictionary<string, string>(StringComparer.Ordinal) { ["log_min_duration_statement"] = "1000", ["rds.force_ssl"] = "1" },
            Tags = HandlerFixture.Tags(environment),
        };

        var outputs = await handler.ApplyAsync(desired, null, Ct);
        Assert.Equal($"arn:aws:rds:us-east-1:{HandlerFixture.Account}:pg:{desired.Name}", outputs["arn"]);
        var read = await handler.ReadAsync(desired, Ct);
        Attributes.Equal(desired, read!.State);

        using var rds = RdsClients.Rds(fixture.Access);
        await rds.ModifyDbParametersAsync(desired.Name, new Dictionary<string, string> { ["log_min_duration_statement"] = "5" }, new HashSet<string>(), Ct);
        var drifted = await handler.ReadAsync(desired, Ct);
        Assert.Equal("5", drifted!.State.Parameters["log_min_duration_statement"]);

        await handler.ApplyAsync(desired, drifted, Ct);
        Attributes.Equal(desired, (await handler.ReadAsync(desired, Ct))!.State);

        await handler.DeleteAsync(read, Ct);
        Assert.Null(await handler.ReadAsync(desired, Ct));
        await handler.DeleteAsync(read, Ct);
    }
}
