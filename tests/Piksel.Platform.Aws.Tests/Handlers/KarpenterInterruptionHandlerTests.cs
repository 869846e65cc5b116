using Piksel.Platform.Aws.Events;
using Piksel.Platform.Aws.Handlers;
using Piksel.Platform.Aws.Iam;
using Piksel.Platform.Aws.Sqs;
using Piksel.Platform.Aws.Tests.Infrastructure;
using Piksel.Platform.Policies;
using Piksel.Platform.Spec.Aws;

namespace Piksel.Platform.Aws.Tests.Handlers;

/// <summary>
/// The kinds behind Karpenter's interruption handling against the emulator: a queue, a rule targeting it and an
/// instance profile, each created, read back equal, drifted by hand, repaired, listed as managed and deleted.
/// </summary>
[Collection(HandlerCollection.Name)]
public sealed class KarpenterInterruptionHandlerTests(HandlerFixture fixture)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private Http.AwsClientOptions Options => new()
    {
        ServiceUrl = fixture.Emulator.Endpoint,
        Region = "us-east-1",
        Credentials = new Amazon.Runtime.BasicAWSCredentials("test", "test"),
    };

    [Fact]
    public async Task A_queue_is_created_with_retention_sse_and_policy_repaired_after_drift_and_deleted()
    {
        var handler = new SqsQueueHandler(fixture.Context);
        var environment = HandlerFixture.Unique("env");
        var name = HandlerFixture.Unique("queue");
        var arn = $"arn:aws:sqs:us-east-1:000000000000:{name}";
        var desired = new SqsQueue
        {
            Name = name,
            Account = HandlerFixture.Account,
            Region = "us-east-1",
            MessageRetentionSeconds = 300,
            Policy = new PolicyDocumentBuilder()
                .Allow(s => s.Principal(PolicyPrincipal.Service("events.amazonaws.com")).Actions("sqs:SendMessage").Resources(arn)).Build(),
            Tags = HandlerFixture.Tags(environment),
        };

        Assert.Null(await handler.ReadAsync(desired, Ct));
        var outputs = await handler.ApplyAsync(desired, null, Ct);
        Assert.Equal(arn, outputs["arn"]);
        var read = await handler.ReadAsync(desired, Ct);
        Attributes.Equal(desired, read!.State);

        using var sqs = new SqsClient(Options);
        await sqs.SetQueueAttributesAsync(outputs["url"], new Dictionary<string, string> { ["MessageRetentionPeriod"] = "600", ["Policy"] = "" }, Ct);
        var drifted = await handler.ReadAsync(desired, Ct);
        Assert.Equal((600, null), (drifted!.State.MessageRetentionSeconds, drifted.State.Policy));
        await handler.ApplyAsync(desired, drifted, Ct);
        Attributes.Equal(desired, (await handler.ReadAsync(desired, Ct))!.State);

        Assert.Equal(desired.Id, Assert.Single(await handler.ListManagedAsync(environment, Ct)).State.Id);
        await handler.DeleteAsync(read, Ct);
        Assert.Null(await handler.ReadAsync(desired, Ct));
        await handler.DeleteAsync(read, Ct);
    }

    [Fact]
    public async Task A_rule_keeps_its_pattern_and_targets_and_is_deleted_with_them()
    {
        var handler = new EventBridgeRuleHandler(fixture.Context);
        var environment = HandlerFixture.Unique("env");
        var desired = new EventBridgeRule
        {
            Name = HandlerFixture.Unique("rule"),
            Account = HandlerFixture.Account,
            Region = "us-east-1",
            EventPattern = """{"source":["aws.ec2"],"detail-type":["EC2 Instance State-change Notification"]}""",
            Description = "state changes",
            Targets = [new EventBridgeTarget("queue", "arn:aws:sqs:us-east-1:000000000000:somewhere")],
            Tags = HandlerFixture.Tags(environment),
        };

        Assert.Null(await handler.ReadAsync(desired, Ct));
        var outputs = await handler.ApplyAsync(desired, null, Ct);
        Assert.Equal($"arn:aws:events:us-east-1:000000000000:rule/{desired.Name}", outputs["arn"]);
        var read = await handler.ReadAsync(desired, Ct);
        Attributes.Equal(desired, read!.State);

        using var events = new EventBridgeClient(Options);
        await events.SetRuleEnabledAsync(desired.Name, false, Ct);
        await events.PutTargetsAsync(desired.Name, [new EventRuleTarget("extra", "arn:aws:sqs:us-east-1:000000000000:other")], Ct);
        var drifted = await handler.ReadAsync(desired, Ct);
        Assert.False(drifted!.State.Enabled);
        Assert.Equal(2, drifted.State.Targets.Count);
        await handler.ApplyAsync(desired, drifted, Ct);
        Attributes.Equal(desired, (await handler.ReadAsync(desired, Ct))!.State);

        Assert.Equal(desired.Id, Assert.Single(await handler.ListManagedAsync(environment, Ct)).State.Id);
        await handler.DeleteAsync(read, Ct);
        Assert.Null(await handler.ReadAsync(desired, Ct));
    }

    [Fact]
    public async Task An_instance_profile_holds_its_role_gets_it_back_after_drift_and_is_deleted()
    {
        var handler = new IamInstanceProfileHandler(fixture.Context);
        var environment = HandlerFixture.Unique("env");
        using var iam = new IamClient(Options);
        var role = await iam.CreateRoleAsync(new CreateRoleRequest
        {
            RoleName = HandlerFixture.Unique("node"),
            AssumeRolePolicyDocument = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}""",
        }, Ct);
        var desired = new IamInstanceProfile { Name = role.RoleName, Account = HandlerFixture.Account, RoleName = role.RoleName, Tags = HandlerFixture.Tags(environment) };

        Assert.Null(await handler.ReadAsync(desired, Ct));
        var outputs = await handler.ApplyAsync(desired, null, Ct);
        Assert.Equal($"arn:aws:iam::000000000000:instance-profile/{role.RoleName}", outputs["arn"]);
        var read = await handler.ReadAsync(desired, Ct);
        Attributes.Equal(desired, read!.State);

        using var profiles = new InstanceProfileClient(Options);
        await profiles.RemoveRoleAsync(desired.Name, role.RoleName, Ct);
        Assert.Equal("", (await handler.ReadAsync(desired, Ct))!.State.RoleName);
        await handler.ApplyAsync(desired, read, Ct);
        Attributes.Equal(desired, (await handler.ReadAsync(desired, Ct))!.State);

        Assert.Contains(await handler.ListManagedAsync(environment, Ct), o => o.State.Id == desired.Id);
        await handler.DeleteAsync(read, Ct);
        Assert.Null(await handler.ReadAsync(desired, Ct));
        await iam.DeleteRoleAsync(role.RoleName, Ct);
    }
}
