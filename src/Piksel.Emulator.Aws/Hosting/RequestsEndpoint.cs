using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http;

namespace Piksel.Emulator.Aws.Hosting;

/// <summary>
/// <c>GET /_piksel/requests/&lt;request id&gt;</c>: a recent request with its IAM decisions and their explanations, as
/// JSON — what <c>piksel explain</c> prints. Internal like <c>/_localstack/health</c>; no secret value is ever in it.
/// </summary>
public sealed class RequestsEndpoint(RecentRequests requests)
{
    /// <summary>The path prefix served.</summary>
    public const string Path = "/_piksel/requests";

    // Request ids are GUIDs; anything much longer is not one and is not looked up.
    private const int MaxIdLength = 128;

    /// <summary>The shape of the JSON (camelCase, enums by name).</summary>
    public static JsonSerializerOptions Json { get; } = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>Serves one request under <see cref="Path"/>.</summary>
    public Task HandleAsync(HttpContext http)
    {
        if (!HttpMethods.IsGet(http.Request.Method) && !HttpMethods.IsHead(http.Request.Method))
        {
            http.Response.Headers.Allow = "GET, HEAD";
            return Write(http, 405, new { error = "MethodNotAllowed", message = $"{Path}/<request id> answers GET only." });
        }
        var id = (http.Request.Path.Value ?? "")[Path.Length..].Trim('/');
        if (id.Length == 0 || id.Length > MaxIdLength || id.Contains('/', StringComparison.Ordinal))
            return Write(http, 400, new { error = "InvalidRequestId", message = $"Ask for {Path}/<request id> with the id from x-amzn-RequestId." });
        if (requests.Find(id) is not { } record)
        {
            return Write(http, 404, new
            {
                error = "RequestNotFound",
                message = $"No request {id} is kept here (the emulator keeps the last {requests.Capacity} requests, since it started).",
            });
        }
        return Write(http, 200, Describe(record));
    }

    /// <summary>The JSON document for <paramref name="record"/>.</summary>
    public static RequestDescription Describe(RequestRecord record)
    {
        var deciding = record.Deciding;
        return new RequestDescription(record.RequestId, record.Time, record.Service, record.Operation, record.Principal, record.Account,
            record.Region, record.Status, record.ErrorCode, deciding?.Action, deciding?.Resource, deciding?.Result.Decision,
            deciding?.Result.Explain(),
            [.. record.Decisions.Select(d => new DecisionDescription(d.Action, d.Resource, d.Result.Decision, d.Result.Explain()))]);
    }

    private static Task Write(HttpContext http, int status, object body)
    {
        http.Response.StatusCode = status;
        http.Response.ContentType = "application/json";
        return HttpMethods.IsHead(http.Request.Method) ? Task.CompletedTask : http.Response.WriteAsync(JsonSerializer.Serialize(body, body.GetType(), Json));
    }
}
