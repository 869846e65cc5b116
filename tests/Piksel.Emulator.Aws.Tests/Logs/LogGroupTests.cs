using System.Net;
using Piksel.Emulator.Aws.Tests.Infrastructure;
using Piksel.Platform.Aws.Logs;
using static Piksel.Emulator.Aws.Tests.Logs.LogsTestKit;

namespace Piksel.Emulator.Aws.Tests.Logs;

/// <summary>Log groups as root: create, describe (prefix, pattern, pages), retention, delete, and their errors.</summary>
[Collection(EmulatorCollection.Name)]
public sealed class LogGroupTests(EmulatorFixture fixture)
{
    [Fact]
    public async Task A_group_is_created_described_and_deleted()
    {
        using var logs = Client(fixture);
        var name = Group("lifecycle");
        var before = DateTimeOffset.UtcNow.AddSeconds(-1);
        await logs.CreateLogGroupAsync(name, new Dictionary<string, string> { ["team"] = "platform" }, cancellationToken: Ct);

        var group = Assert.Single((await logs.DescribeLogGroupsAsync(new DescribeLogGroupsRequest { LogGroupNamePrefix = name }, Ct)).LogGroups);
        Assert.Equal(name, group.LogGroupName);
        Assert.Equal($"arn:aws:logs:us-east-1:000000000000:log-group:{name}:*", group.Arn);
        Assert.Equal($"arn:aws:logs:us-east-1:000000000000:log-group:{name}", group.LogGroupArn);
        Assert.InRange(group.CreationTime!.Value, before, DateTimeOffset.UtcNow.AddSeconds(1));
        Assert.Equal(0, group.StoredBytes);
        Assert.Null(group.RetentionInDays);
        Assert.Equal("STANDARD", group.LogGroupClass);

        var again = await Fails(() => logs.CreateLogGroupAsync(name, cancellationToken: Ct), "ResourceAlreadyExistsException");
        Assert.Equal(HttpStatusCode.BadRequest, again.StatusCode);

        await logs.PutRetentionPolicyAsync(name, 14, Ct);
        Assert.Equal(14, Assert.Single((await logs.DescribeLogGroupsAsync(new DescribeLogGroupsRequest { LogGroupNamePrefix = name }, Ct)).LogGroups).RetentionInDays);
        await Fails(() => logs.PutRetentionPolicyAsync(name, 15, Ct), "InvalidParameterException");
        await logs.DeleteRetentionPolicyAsync(name, Ct);
        Assert.Null(Assert.Single((await logs.DescribeLogGroupsAsync(new DescribeLogGroupsRequest { LogGroupNamePrefix = name }, Ct)).LogGroups).RetentionInDays);

        await logs.DeleteLogGroupAsync(name, Ct);
        Assert.Empty((await logs.DescribeLogGroupsAsync(new DescribeLogGroupsRequest { LogGroupNamePrefix = name }, Ct)).LogGroups);
        var missing = await Fails(() => logs.DeleteLogGroupAsync(name, Ct), "ResourceNotFoundException");
        Assert.Equal("The specified log group does not exist.", missing.ErrorMessage);
        await Fails(() => logs.PutRetentionPolicyAsync(name, 7, Ct), "ResourceNotFoundException");
    }

    [Fact]
    public async Task Invalid_names_are_refused()
    {
        using var logs = Client(fixture);
        var error = await Fails(() => logs.CreateLogGroupAsync("bad name with spaces", cancellationToken: Ct), "InvalidParameterException");
        Assert.Contains("logGroupName", error.ErrorMessage);
        await Fails(() => logs.CreateLogGroupAsync(new string('a', 513), cancellationToken: Ct), "InvalidParameterException");
        await Fails(() => logs.DescribeLogGroupsAsync(new DescribeLogGroupsRequest { Limit = 51 }, Ct), "InvalidParameterException");
        await Fails(() => logs.DescribeLogGroupsAsync(new DescribeLogGroupsRequest { LogGroupNamePrefix = "/a", LogGroupNamePattern = "b" }, Ct), "InvalidParameterException");
    }

    [Fact]
    public async Task Groups_are_listed_by_prefix_and_pattern_in_pages()
    {
        using var logs = Client(fixture);
        var root = Group("paging");
        var names = Enumerable.Range(0, 5).Select(i => $"{root}/g{i}").ToList();
        foreach (var name in names.AsEnumerable().Reverse()) await logs.CreateLogGroupAsync(name, cancellationToken: Ct);
        await logs.CreateLogGroupAsync(root + "-sibling", cancellationToken: Ct);

        var pages = new List<IReadOnlyList<LogGroup>>();
        string? token = null;
        do
        {
            var page = await logs.DescribeLogGroupsAsync(new DescribeLogGroupsRequest { LogGroupNamePrefix = root + "/", Limit = 2, NextToken = token }, Ct);
            pages.Add(page.LogGroups);
            token = page.NextToken;
        } while (token is not null);
        Assert.Equal([2, 2, 1], pages.Select(p => p.Count));
        Assert.Equal(names, pages.SelectMany(p => p).Select(g => g.LogGroupName));

        var all = new List<string>();
        await foreach (var group in logs.DescribeAllLogGroupsAsync(new DescribeLogGroupsRequest { LogGroupNamePrefix = root, Limit = 4 }, Ct)) all.Add(group.LogGroupName);
        Assert.Equal(6, all.Count);

        var byPattern = await logs.DescribeLogGroupsAsync(new DescribeLogGroupsRequest { LogGroupNamePattern = root.Split('/')[^1].ToUpperInvariant() + "-SIB" }, Ct);
        Assert.Equal(root + "-sibling", Assert.Single(byPattern.LogGroups).LogGroupName);
    }

    [Fact]
    public async Task Groups_belong_to_their_account_and_region()
    {
        using var logs = Client(fixture);
        var name = Group("scoped");
        await logs.CreateLogGroupAsync(name, cancellationToken: Ct);
        using var west = Client(fixture, region: "us-west-2");
        Assert.Empty((await west.DescribeLogGroupsAsync(new DescribeLogGroupsRequest { LogGroupNamePrefix = name }, Ct)).LogGroups);
        using var second = Client(fixture, fixture.SecondRootCredentials);
        Assert.Empty((await second.DescribeLogGroupsAsync(new DescribeLogGroupsRequest { LogGroupNamePrefix = name }, Ct)).LogGroups);
        await second.CreateLogGroupAsync(name, cancellationToken: Ct);
        Assert.Equal($"arn:aws:logs:us-east-1:111111111111:log-group:{name}:*",
            Assert.Single((await second.DescribeLogGroupsAsync(new DescribeLogGroupsRequest { LogGroupNamePrefix = name }, Ct)).LogGroups).Arn);
    }
}
