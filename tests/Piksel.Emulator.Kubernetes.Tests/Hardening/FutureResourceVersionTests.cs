using System.Net;
using System.Text.Json.Nodes;

namespace Piksel.Emulator.Kubernetes.Tests.Hardening;

/// <summary>
/// Reads from a resourceVersion the store has not reached. list and get wait briefly for it, then answer 504 "Too large
/// resource version" (reason Timeout, cause ResourceVersionTooLarge, retry after 1 s); a plain watch waits until its own
/// timeout, as the API concepts document says of watches; a streaming list (sendInitialEvents) fails like a list.
/// </summary>
public sealed class FutureResourceVersionTests(HardeningServer fixture) : IClassFixture<HardeningServer>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private string ConfigMaps => $"/api/v1/namespaces/{fixture.Namespace}/configmaps";

    private long Future => fixture.Server.State.Store.ResourceVersion + 1_000_000;

    private static void AssertTooLarge(JsonObject status, long requested)
    {
        Assert.Equal("Timeout", status["reason"]!.GetValue<string>());
        Assert.Equal(504, status["code"]!.GetValue<int>());
        Assert.StartsWith($"Timeout: Too large resource version: {requested}, current: ", status["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("ResourceVersionTooLarge", status["details"]!["causes"]![0]!["reason"]!.GetValue<string>());
        Assert.Equal(1, status["details"]!["retryAfterSeconds"]!.GetValue<int>());
    }

    [Fact]
    public async Task List_and_get_from_a_far_future_resourceVersion_answer_504_too_large()
    {
        var future = Future;
        var list = await RawResponse.SendAsync(fixture.Http, HttpMethod.Get, $"{ConfigMaps}?resourceVersion={future}", cancellationToken: Ct);
        list.AssertStatus(HttpStatusCode.GatewayTimeout, "Timeout");
        AssertTooLarge(list.Json, future);

        var exact = await RawResponse.SendAsync(fixture.Http, HttpMethod.Get, $"{ConfigMaps}?resourceVersion={future}&resourceVersionMatch=Exact", cancellationToken: Ct);
        AssertTooLarge(exact.AssertStatus(HttpStatusCode.GatewayTimeout, "Timeout").Json, future);

        var get = await RawResponse.SendAsync(fixture.Http, HttpMethod.Get, $"{ConfigMaps}/any?resourceVersion={future}", cancellationToken: Ct);
        AssertTooLarge(get.AssertStatus(HttpStatusCode.GatewayTimeout, "Timeout").Json, future);
    }

    [Fact]
    public async Task A_list_from_the_next_resourceVersion_is_answered_once_a_write_reaches_it()
    {
        await using var server = await KubeApiServer.StartAsync(new KubeApiServerOptions { ResourceVersionWait = TimeSpan.FromSeconds(30) }, cancellationToken: Ct);
        using var http = Rest.RawApi.Create(server);
        var next = server.State.Store.ResourceVersion + 1;
        var listing = RawResponse.SendAsync(http, HttpMethod.Get, $"/api/v1/namespaces?resourceVersion={next}", cancellationToken: Ct);
        var created = await RawResponse.SendAsync(http, HttpMethod.Post, "/api/v1/namespaces", """{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"arrives"}}""", cancellationToken: Ct);
        Assert.Equal(HttpStatusCode.Created, created.Status);
        var list = await listing;
        Assert.Equal(HttpStatusCode.OK, list.Status);
    }

    [Fact]
    public async Task A_plain_watch_from_a_far_future_resourceVersion_ends_at_its_timeout()
    {
        var answer = await RawResponse.SendAsync(fixture.Http, HttpMethod.Get, $"{ConfigMaps}?watch=1&resourceVersion={Future}&timeoutSeconds=1", cancellationToken: Ct);
        Assert.Equal(HttpStatusCode.OK, answer.Status);
        Assert.Equal("", answer.Body);
    }

    [Fact]
    public async Task A_streaming_list_from_a_far_future_resourceVersion_ends_with_a_too_large_error_event()
    {
        var future = Future;
        var answer = await RawResponse.SendAsync(fixture.Http, HttpMethod.Get,
            $"{ConfigMaps}?watch=1&resourceVersion={future}&sendInitialEvents=true&resourceVersionMatch=NotOlderThan&allowWatchBookmarks=true", cancellationToken: Ct);
        Assert.Equal(HttpStatusCode.OK, answer.Status);
        var line = JsonNode.Parse(answer.Body.Trim())!;
        Assert.Equal("ERROR", line["type"]!.GetValue<string>());
        AssertTooLarge(line["object"]!.AsObject(), future);
    }
}
