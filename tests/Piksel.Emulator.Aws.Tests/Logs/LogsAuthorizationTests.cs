using System.Net;
using Piksel.Emulator.Aws.Tests.Ec2;
using Piksel.Emulator.Aws.Tests.Infrastructure;
using Piksel.Platform.Aws.Logs;
using static Piksel.Emulator.Aws.Tests.Logs.LogsTestKit;

namespace Piksel.Emulator.Aws.Tests.Logs;

/// <summary>Roles held to their Logs permissions: a read-only role (Grafana's) reads but cannot create; group-scoped writers stay in their groups.</summary>
[Collection(EmulatorCollection.Name)]
public sealed class LogsAuthorizationTests(EmulatorFixture fixture)
{
    private const string ReadOnly = """
        {"Version":"2012-10-17","Statement":[
          {"Effect":"Allow","Action":["logs:DescribeLogGroups","logs:DescribeLogStreams","logs:Get*","logs:FilterLogEvents"],"Resource":"*"}]}
        """;

    [Fact]
    public async Task A_read_only_role_describes_and_reads_but_may_not_create()
    {
        using var root = Client(fixture);
        var name = Group("reader");
        await root.CreateLogGroupAsync(name, cancellationToken: Ct);
        await root.CreateLogStreamAsync(name, "s", Ct);
        await root.PutLogEventsAsync(name, "s", [new InputLogEvent(DateTimeOffset.UtcNow, "hello reader")], Ct);

        var credentials = await RoleSessions.AssumeAsync(fixture, "logs-reader", [], ReadOnly, Ct);
        using var logs = Client(fixture, credentials);
        Assert.Single((await logs.DescribeLogGroupsAsync(new DescribeLogGroupsRequest { LogGroupNamePrefix = name }, Ct)).LogGroups);
        Assert.Single((await logs.DescribeLogStreamsAsync(name, cancellationToken: Ct)).LogStreams);
        Assert.Equal("hello reader", Assert.Single((await logs.GetLogEventsAsync(name, "s", cancellationToken: Ct)).Events).Message);
        Assert.Single((await logs.FilterLogEventsAsync(name, "reader", cancellationToken: Ct)).Events);

        var other = Group("reader-create");
        var denied = await Fails(() => logs.CreateLogGroupAsync(other, cancellationToken: Ct), "AccessDeniedException");
        Assert.Equal(HttpStatusCode.BadRequest, denied.StatusCode);
        Assert.Matches(@"^User: arn:aws:sts::000000000000:assumed-role/logs-reader-[0-9a-f]+/probe is not authorized to perform: logs:CreateLogGroup on resource: arn:aws:logs:us-east-1:000000000000:log-group:" +
            System.Text.RegularExpressions.Regex.Escape(other) + @":\* because no identity-based policy allows the logs:CreateLogGroup action$", denied.ErrorMessage);
        await Fails(() => logs.DeleteLogGroupAsync(name, Ct), "AccessDeniedException");
        await Fails(() => logs.PutRetentionPolicyAsync(name, 7, Ct), "AccessDeniedException");
        await Fails(() => logs.PutLogEventsAsync(name, "s", [new InputLogEvent(DateTimeOffset.UtcNow, "x")], Ct), "AccessDeniedException");
        // The denial comes before existence: a missing group is not revealed.
        await Fails(() => logs.DeleteLogGroupAsync(Group("never"), Ct), "AccessDeniedException");
    }

    [Fact]
    public async Task A_group_scoped_writer_stays_in_its_groups_and_needs_TagResource_to_tag()
    {
        var prefix = Group("scoped");
        var credentials = await RoleSessions.AssumeAsync(fixture, "logs-writer", [], $$"""
            {"Version":"2012-10-17","Statement":[
              {"Effect":"Allow","Action":["logs:CreateLogGroup","logs:CreateLogStream","logs:PutLogEvents","logs:DescribeLogStreams"],
               "Resource":"arn:aws:logs:*:*:log-group:{{prefix}}/*"}]}
            """, Ct);
        using var logs = Client(fixture, credentials);
        await logs.CreateLogGroupAsync(prefix + "/app", cancellationToken: Ct);
        await logs.CreateLogStreamAsync(prefix + "/app", "pod-1", Ct);
        await logs.PutLogEventsAsync(prefix + "/app", "pod-1", [new InputLogEvent(DateTimeOffset.UtcNow, "started")], Ct);
        Assert.Single((await logs.DescribeLogStreamsAsync(prefix + "/app", cancellationToken: Ct)).LogStreams);

        await Fails(() => logs.CreateLogGroupAsync(Group("elsewhere"), cancellationToken: Ct), "AccessDeniedException");
        await Fails(() => logs.DescribeLogGroupsAsync(cancellationToken: Ct), "AccessDeniedException");
        var tagged = await Fails(() => logs.CreateLogGroupAsync(prefix + "/tagged", new Dictionary<string, string> { ["k"] = "v" }, cancellationToken: Ct), "AccessDeniedException");
        Assert.Equal("User with accountId: 000000000000 is not authorized to perform CreateLogGroup with Tags. An additional permission \"logs:TagResource\" is required.", tagged.ErrorMessage);
    }
}
