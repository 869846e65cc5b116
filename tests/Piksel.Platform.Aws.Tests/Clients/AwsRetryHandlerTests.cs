using System.Net;
using System.Text;
using Piksel.Platform.Aws.Http;

namespace Piksel.Platform.Aws.Tests.Clients;

/// <summary>The call-level retries of the project's own clients, against scripted answers and a clock that never sleeps.</summary>
public sealed class AwsRetryHandlerTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static HttpResponseMessage Answer(HttpStatusCode status, string body = "", string? errorType = null)
    {
        var response = new HttpResponseMessage(status) { Content = new StringContent(body, Encoding.UTF8) };
        if (errorType is not null) response.Headers.TryAddWithoutValidation("x-amzn-ErrorType", errorType);
        return response;
    }

    private static async Task<(HttpResponseMessage Response, int Attempts)> SendAsync(int maxAttempts, params Func<HttpResponseMessage>[] answers)
    {
        var script = new Script(answers);
        using var client = new HttpClient(new AwsRetryHandler(script, maxAttempts, new ImmediateClock()));
        var response = await client.PostAsync("http://aws.invalid/", new StringContent("Action=ListRoles"), Ct);
        return (response, script.Attempts);
    }

    [Theory]
    [InlineData(HttpStatusCode.BadRequest, "<ErrorResponse><Error><Type>Sender</Type><Code>Throttling</Code><Message>Rate exceeded</Message></Error></ErrorResponse>", null)]
    [InlineData(HttpStatusCode.BadRequest, """{"__type":"com.amazonaws.kms#ThrottlingException","message":"Rate exceeded"}""", null)]
    [InlineData(HttpStatusCode.TooManyRequests, """{"message":"Too Many Requests"}""", "TooManyRequestsException:http://internal.amazon.com/coral/")]
    [InlineData(HttpStatusCode.ServiceUnavailable, "<Error><Code>SlowDown</Code></Error>", null)]
    [InlineData(HttpStatusCode.InternalServerError, "", null)]
    [InlineData(HttpStatusCode.BadRequest, "<Response><Errors><Error><Code>RequestLimitExceeded</Code></Error></Errors></Response>", null)]
    public async Task Throttling_and_transient_answers_are_tried_again(HttpStatusCode status, string body, string? errorType)
    {
        var (response, attempts) = await SendAsync(3, () => Answer(status, body, errorType), () => Answer(HttpStatusCode.OK, "ok"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2, attempts);
    }

    [Fact]
    public async Task A_client_error_is_answered_at_once_with_its_body_intact()
    {
        var (response, attempts) = await SendAsync(3, () => Answer(HttpStatusCode.Forbidden, "<Error><Code>AccessDenied</Code></Error>"));
        Assert.Equal(1, attempts);
        Assert.Contains("AccessDenied", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);

        var (validation, tries) = await SendAsync(3, () => Answer(HttpStatusCode.BadRequest, """{"__type":"ValidationException","message":"bad"}"""));
        Assert.Equal(1, tries);
        Assert.Contains("ValidationException", await validation.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Attempts_are_bounded_and_the_last_answer_is_handed_back()
    {
        var (response, attempts) = await SendAsync(3, Enumerable.Repeat(() => Answer(HttpStatusCode.ServiceUnavailable, "<Code>SlowDown</Code>"), 5).ToArray());
        Assert.Equal(3, attempts);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Contains("SlowDown", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);

        var (single, once) = await SendAsync(1, () => Answer(HttpStatusCode.ServiceUnavailable), () => Answer(HttpStatusCode.OK));
        Assert.Equal((HttpStatusCode.ServiceUnavailable, 1), (single.StatusCode, once));
    }

    [Fact]
    public async Task A_network_failure_is_tried_again()
    {
        var (response, attempts) = await SendAsync(3, () => throw new HttpRequestException("connection refused"), () => Answer(HttpStatusCode.OK));
        Assert.Equal((HttpStatusCode.OK, 2), (response.StatusCode, attempts));
    }

    /// <summary>Answers each attempt with the next scripted answer.</summary>
    private sealed class Script(Func<HttpResponseMessage>[] answers) : HttpMessageHandler
    {
        public int Attempts { get; private set; }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(answers[Math.Min(Attempts++, answers.Length - 1)]());
    }

    /// <summary>Every wait ends at once: backoff is the handler's concern, sleeping is not the test's.</summary>
    private sealed class ImmediateClock : TimeProvider
    {
        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
            System.CreateTimer(callback, state, dueTime == Timeout.InfiniteTimeSpan ? dueTime : TimeSpan.Zero, period);
    }
}
