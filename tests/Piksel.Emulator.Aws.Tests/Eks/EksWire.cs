using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Amazon.Runtime;
using Piksel.Platform.Aws.Http;

namespace Piksel.Emulator.Aws.Tests.Eks;

/// <summary>
/// EKS (and EKS Auth) over signed HTTP, as the SDKs send it: a method, a path, a JSON body; answers the status and the
/// JSON body, whatever the status (so errors can be read as EKS wrote them).
/// </summary>
internal sealed class EksWire(Uri endpoint, AWSCredentials credentials, string region = EksTestKit.Region, string service = "eks") : IDisposable
{
    private readonly HttpClient http = new(new AwsSigningHandler(credentials, region, service)) { BaseAddress = endpoint };

    /// <summary>One answer: status, error code (x-amzn-ErrorType, when an error) and body.</summary>
    public sealed record Answer(HttpStatusCode Status, string? Code, JsonObject Body)
    {
        public string? Message => Body["message"]?.GetValue<string>();
    }

    public Task<Answer> GetAsync(string path) => SendAsync(HttpMethod.Get, path, null);

    public Task<Answer> PostAsync(string path, JsonObject body) => SendAsync(HttpMethod.Post, path, body);

    public Task<Answer> DeleteAsync(string path) => SendAsync(HttpMethod.Delete, path, null);

    public async Task<Answer> SendAsync(HttpMethod method, string path, JsonObject? body)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null) request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        using var response = await http.SendAsync(request, TestContext.Current.CancellationToken);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        var json = text.Length == 0 ? [] : JsonNode.Parse(text) as JsonObject ?? [];
        var code = response.Headers.TryGetValues("x-amzn-ErrorType", out var values) ? values.First().Split(':')[0] : null;
        return new Answer(response.StatusCode, code, json);
    }

    /// <summary>A successful answer's body; fails the test with the error otherwise.</summary>
    public static JsonObject Ok(Answer answer)
    {
        Assert.True(answer.Status == HttpStatusCode.OK, $"{answer.Status} {answer.Code}: {answer.Message}");
        return answer.Body;
    }

    /// <summary>Asserts an error answer's code and status; answers its message.</summary>
    public static string Error(Answer answer, string code, HttpStatusCode status)
    {
        Assert.Equal((status, code), (answer.Status, answer.Code));
        Assert.Equal(code, answer.Body["__type"]?.GetValue<string>()?.Split('#')[^1]);
        return answer.Message ?? "";
    }

    public void Dispose() => http.Dispose();
}
