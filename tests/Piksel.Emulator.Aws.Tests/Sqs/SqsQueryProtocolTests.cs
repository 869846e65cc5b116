using System.Xml.Linq;
using Piksel.Emulator.Aws.Tests.Infrastructure;
using static Piksel.Emulator.Aws.Tests.Sqs.SqsTestKit;

namespace Piksel.Emulator.Aws.Tests.Sqs;

/// <summary>
/// The query protocol older SDKs speak: <c>Action=…</c> form posts answered in XML, lists and maps flattened
/// (<c>Attribute.1.Name</c>, repeated <c>&lt;Message&gt;</c>), errors as ErrorResponse with the same codes.
/// </summary>
[Collection(EmulatorCollection.Name)]
public sealed class SqsQueryProtocolTests(EmulatorFixture fixture)
{
    private static readonly XNamespace Sqs = "http://queue.amazonaws.com/doc/2012-11-05/";

    private async Task<(int Status, XElement Root)> PostAsync(string form, string path = "/")
    {
        using var http = new HttpClient();
        var endpoint = new Uri(fixture.ServiceUrl);
        var response = await (RawRequest.Query(form + "&Version=2012-11-05") with { PathAndQuery = path }).Sign(endpoint, "sqs", DateTimeOffset.UtcNow).SendAsync(http, endpoint, Ct);
        return (response.Status, XElement.Parse(response.Text));
    }

    [Fact]
    public async Task A_query_client_creates_sends_receives_and_reads_attributes_in_XML()
    {
        var name = Queue("query");
        var (status, created) = await PostAsync($"Action=CreateQueue&QueueName={name}&Attribute.1.Name=VisibilityTimeout&Attribute.1.Value=45&Tag.1.Key=team&Tag.1.Value=k");
        Assert.Equal(200, status);
        var url = created.Element(Sqs + "CreateQueueResult")!.Element(Sqs + "QueueUrl")!.Value;
        Assert.EndsWith("/000000000000/" + name, url, StringComparison.Ordinal);

        var (_, sent) = await PostAsync($"Action=SendMessage&QueueUrl={Uri.EscapeDataString(url)}&MessageBody=hi%20there");
        Assert.Equal("fd33e2e8ad3cb1bdd3ea8f5633fcf5c7", sent.Descendants(Sqs + "MD5OfMessageBody").Single().Value);

        // Posting to the queue's own path names the queue, as the query protocol allows.
        var (_, received) = await PostAsync("Action=ReceiveMessage&AttributeName.1=All", new Uri(url).AbsolutePath);
        var message = received.Descendants(Sqs + "Message").Single();
        Assert.Equal("hi there", message.Element(Sqs + "Body")!.Value);
        Assert.Contains(message.Elements(Sqs + "Attribute"), a => a.Element(Sqs + "Name")!.Value == "ApproximateReceiveCount" && a.Element(Sqs + "Value")!.Value == "1");

        var (_, attributes) = await PostAsync($"Action=GetQueueAttributes&QueueUrl={Uri.EscapeDataString(url)}&AttributeName.1=VisibilityTimeout");
        var attribute = attributes.Descendants(Sqs + "Attribute").Single();
        Assert.Equal(("VisibilityTimeout", "45"), (attribute.Element(Sqs + "Name")!.Value, attribute.Element(Sqs + "Value")!.Value));
        var (_, tags) = await PostAsync($"Action=ListQueueTags&QueueUrl={Uri.EscapeDataString(url)}");
        Assert.Equal("k", tags.Descendants(Sqs + "Tag").Single().Element(Sqs + "Value")!.Value);
    }

    [Fact]
    public async Task Query_errors_are_ErrorResponse_with_the_query_code_and_json_errors_carry_it_in_a_header()
    {
        var (status, error) = await PostAsync($"Action=GetQueueUrl&QueueName={Queue("absent")}");
        Assert.Equal(400, status);
        Assert.Equal("AWS.SimpleQueueService.NonExistentQueue", error.Descendants(Sqs + "Code").Single().Value);
        Assert.Equal("Sender", error.Descendants(Sqs + "Type").Single().Value);
        (_, error) = await PostAsync("Action=Frobnicate");
        Assert.Equal("InvalidAction", error.Descendants(Sqs + "Code").Single().Value);

        using var http = new HttpClient();
        var endpoint = new Uri(fixture.ServiceUrl);
        var json = await (RawRequest.Json("AmazonSQS.GetQueueUrl", $$"""{"QueueName":"{{Queue("absent")}}"}""")
            .With("Content-Type", "application/x-amz-json-1.0")).Sign(endpoint, "sqs", DateTimeOffset.UtcNow).SendAsync(http, endpoint, Ct);
        Assert.Equal(400, json.Status);
        Assert.Equal("AWS.SimpleQueueService.NonExistentQueue;Sender", json.Headers["x-amzn-query-error"]);
        Assert.Contains("\"__type\":\"com.amazonaws.sqs#QueueDoesNotExist\"", json.Text, StringComparison.Ordinal);
    }
}
