using Piksel.Hosting.LocalStack;
using Piksel.Platform.Providers;
using Piksel.Platform.Spec;
using Piksel.Platform.Spec.Aws;

namespace Piksel.EndToEnd.Tests.LocalStack;

/// <summary>The localstack provider's RDS records: subnet and parameter groups kept as RDS keeps them, in an owner-only file.</summary>
public sealed class ContainerRdsGroupHandlerTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("piksel-rds-records-").FullName;
    private readonly ContainerRdsRecords records;

    public ContainerRdsGroupHandlerTests() => records = new ContainerRdsRecords(directory);

    public void Dispose()
    {
        records.Dispose();
        Directory.Delete(directory, recursive: true);
    }

    private static RdsDbSubnetGroup Group(params string[] subnets) => new()
    {
        Name = "piksel-local-db",
        Account = "000000000000",
        SubnetIds = subnets,
        Tags = ManagementTags.For("local"),
    };

    [Fact]
    public async Task A_subnet_group_is_recorded_read_back_listed_and_deleted()
    {
        var handler = new ContainerRdsSubnetGroupHandler(records, "eu-west-1");
        var ct = TestContext.Current.CancellationToken;
        Assert.Null(await handler.ReadAsync(Group("subnet-a", "subnet-b"), ct));

        var outputs = await handler.ApplyAsync(Group("subnet-a", "subnet-b"), null, ct);
        Assert.Equal("arn:aws:rds:eu-west-1:000000000000:subgrp:piksel-local-db", outputs[AwsResource.ArnOutput]);

        // Subnets compare as a set, as RDS reports them in its own order.
        var read = await handler.ReadAsync(Group("subnet-b", "subnet-a"), ct);
        Assert.Equal(["subnet-b", "subnet-a"], read!.State.SubnetIds);
        Assert.Single(await handler.ListManagedAsync("local", ct));
        Assert.Empty(await handler.ListManagedAsync("dev", ct));

        await handler.DeleteAsync(read, ct);
        Assert.Null(await handler.ReadAsync(Group("subnet-a", "subnet-b"), ct));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(directory, "rds.json")));
        }
    }

    [Fact]
    public async Task A_group_with_subnets_still_waiting_for_their_ids_does_not_exist_yet()
    {
        var handler = new ContainerRdsSubnetGroupHandler(records, "eu-west-1");
        var ct = TestContext.Current.CancellationToken;
        await handler.ApplyAsync(Group("subnet-a"), null, ct);

        Assert.Null(await handler.ReadAsync(Group("${ref:Ec2Subnet.a#id}"), ct));
    }

    [Fact]
    public async Task A_parameter_group_compares_only_the_parameters_the_spec_names()
    {
        var handler = new ContainerRdsParameterGroupHandler(records, "eu-west-1");
        var ct = TestContext.Current.CancellationToken;
        var desired = new RdsDbParameterGroup
        {
            Name = "piksel-local-pg16",
            Account = "000000000000",
            Family = "postgres16",
            Parameters = new Dictionary<string, string> { ["rds.force_ssl"] = "1", ["log_min_duration_statement"] = "500" },
            Tags = ManagementTags.For("local"),
        };

        await handler.ApplyAsync(desired, null, ct);
        var fewer = desired with { Parameters = new Dictionary<string, string> { ["rds.force_ssl"] = "1" } };
        var read = await handler.ReadAsync(fewer, ct);

        Assert.Equal(new Dictionary<string, string> { ["rds.force_ssl"] = "1" }, read!.State.Parameters);
        Assert.Equal("postgres16", read.State.Family);
    }

    [Fact]
    public async Task A_record_file_that_is_not_the_providers_is_refused_with_its_name_not_a_crash()
    {
        await File.WriteAllTextAsync(Path.Combine(directory, "rds.json"), "{ not json", TestContext.Current.CancellationToken);

        var thrown = await Assert.ThrowsAsync<InvalidDataException>(() => records.ReadAsync(TestContext.Current.CancellationToken));
        Assert.Contains("rds.json", thrown.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Deleting_a_subnet_group_an_instance_uses_is_retryable()
    {
        var handler = new ContainerRdsSubnetGroupHandler(records, "eu-west-1");
        var ct = TestContext.Current.CancellationToken;
        await handler.ApplyAsync(Group("subnet-a"), null, ct);
        await records.UpdateAsync(all => (all with
        {
            Instances = all.Instances.SetItem("000000000000/db", new InstanceRecord
            {
                Account = "000000000000",
                Identifier = "db",
                Arn = "arn",
                ResourceId = "db-X",
                ServerKey = "k",
                EngineMajor = "16",
                MasterUsername = "master",
                DbSubnetGroupName = "piksel-local-db",
            }),
        }, true), ct);

        var observed = await handler.ReadAsync(Group("subnet-a"), ct);
        await Assert.ThrowsAsync<RetryableResourceException>(() => handler.DeleteAsync(observed!, ct));
    }
}
