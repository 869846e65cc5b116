using Piksel.Emulator.Aws.Sqs;
using Piksel.Emulator.Aws.Tests.Ec2;
using Piksel.Emulator.Aws.Tests.Infrastructure;
using static Piksel.Emulator.Aws.Tests.Sqs.SqsTestKit;

namespace Piksel.Emulator.Aws.Tests.Sqs;

/// <summary>
/// Who may use a queue: the caller's identity policy and the queue policy together, as for S3 bucket policies; a
/// service principal (EventBridge) only through the queue policy.
/// </summary>
[Collection(EmulatorCollection.Name)]
public sealed class SqsPolicyTests(EmulatorFixture fixture)
{
    [Fact]
    public async Task A_role_allowed_to_receive_and_delete_receives_but_may_not_send()
    {
        using var root = Client(fixture);
        var url = await root.CreateQueueAsync(Queue("reader"), cancellationToken: Ct);
        await root.SendMessageAsync(url, "for the reader", cancellationToken: Ct);
        var credentials = await RoleSessions.AssumeAsync(fixture, "sqs-reader", [], $$"""
            {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["sqs:ReceiveMessage","sqs:DeleteMessage","sqs:GetQueueUrl"],"Resource":"{{ArnOf(url)}}"}]}
            """, Ct);
        using var reader = Client(fixture, credentials);
        Assert.Equal(url, await reader.GetQueueUrlAsync(url.Split('/')[^1], Ct));
        var message = Assert.Single(await reader.ReceiveMessagesAsync(url, cancellationToken: Ct));
        await reader.DeleteMessageAsync(url, message.ReceiptHandle, Ct);
        var denied = await Fails(() => reader.SendMessageAsync(url, "x", cancellationToken: Ct), "AccessDenied");
        Assert.Contains($"is not authorized to perform: sqs:SendMessage on resource: {ArnOf(url)}", denied.ErrorMessage, StringComparison.Ordinal);
        // Denied before the queue is looked up: a caller who may not act learns nothing of other queues.
        await Fails(() => reader.PurgeQueueAsync(url + "-none", Ct), "AccessDenied");
    }

    [Fact]
    public async Task A_queue_policy_can_grant_on_its_own_and_its_explicit_deny_wins()
    {
        using var root = Client(fixture);
        var url = await root.CreateQueueAsync(Queue("policy"), cancellationToken: Ct);
        var credentials = await RoleSessions.AssumeAsync(fixture, "sqs-nothing", [], null, Ct);
        using var caller = Client(fixture, credentials);
        await Fails(() => caller.SendMessageAsync(url, "x", cancellationToken: Ct), "AccessDenied");

        await root.SetQueueAttributesAsync(url, new Dictionary<string, string>
        {
            ["Policy"] = $$"""
                {"Version":"2012-10-17","Statement":[
                  {"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::000000000000:root"},"Action":"sqs:SendMessage","Resource":"{{ArnOf(url)}}"},
                  {"Effect":"Deny","Principal":"*","Action":"sqs:ReceiveMessage","Resource":"{{ArnOf(url)}}"}]}
                """,
        }, Ct);
        await Fails(() => caller.SendMessageAsync(url, "x", cancellationToken: Ct), "AccessDenied");
        await root.SendMessageAsync(url, "root may send", cancellationToken: Ct);
        await Fails(() => root.ReceiveMessagesAsync(url, cancellationToken: Ct), "AccessDenied");
    }

    [Fact]
    public async Task A_service_principal_delivers_only_where_the_queue_policy_names_it()
    {
        using var root = Client(fixture);
        var url = await root.CreateQueueAsync(Queue("service"), cancellationToken: Ct);
        var queues = fixture.Emulator.Service<SqsService>()!.Queues;
        const string Rule = "arn:aws:events:us-east-1:000000000000:rule/test";
        Assert.False(queues.DeliverAsService(ArnOf(url), "no policy", "events.amazonaws.com", Rule));

        await root.SetQueueAttributesAsync(url, new Dictionary<string, string>
        {
            ["Policy"] = """
                {"Version":"2012-10-17","Statement":[
                  {"Effect":"Allow","Principal":{"Service":["events.amazonaws.com","sqs.amazonaws.com"]},"Action":"sqs:SendMessage","Resource":"QUEUE"},
                  {"Effect":"Deny","Principal":"*","Action":"sqs:*","Resource":"QUEUE","Condition":{"ArnLike":{"aws:SourceArn":"arn:aws:events:*:*:rule/forbidden"}}}]}
                """.Replace("QUEUE", ArnOf(url), StringComparison.Ordinal),
        }, Ct);
        Assert.True(queues.DeliverAsService(ArnOf(url), "from events", "events.amazonaws.com", Rule));
        Assert.False(queues.DeliverAsService(ArnOf(url), "from lambda", "lambda.amazonaws.com", Rule));
        Assert.False(queues.DeliverAsService(ArnOf(url), "from a denied rule", "events.amazonaws.com", "arn:aws:events:us-east-1:000000000000:rule/forbidden"));
        var message = Assert.Single(await root.ReceiveMessagesAsync(url, 10, cancellationToken: Ct));
        Assert.Equal(("from events", "events.amazonaws.com"), (message.Body, message.Attributes["SenderId"]));
    }
}
