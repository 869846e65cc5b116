using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Piksel.Emulator.Aws.Hosting;

/// <summary><c>/_localstack/health</c> and <c>/_localstack/info</c> in LocalStack's shape, so tools that wait for LocalStack wait for us too.</summary>
public sealed class HealthEndpoint(IEnumerable<string> services)
{
    /// <summary>The version reported.</summary>
    public const string Version = "4.0.0-piksel";

    private readonly string[] services = [.. services.OrderBy(s => s, StringComparer.Ordinal)];

    /// <summary>Serves the internal endpoints.</summary>
    public Task HandleAsync(HttpContext http)
    {
        var path = http.Request.Path.Value ?? "";
        if (path.StartsWith("/_localstack/health", StringComparison.Ordinal))
        {
            if (HttpMethods.IsHead(http.Request.Method)) { http.Response.StatusCode = 200; return Task.CompletedTask; }
            var body = new JsonObject
            {
                ["services"] = new JsonObject(services.Select(s => KeyValuePair.Create(s, (JsonNode?)"running"))),
                ["edition"] = "community",
                ["version"] = Version,
            };
            return Write(http, body);
        }
        if (path.StartsWith("/_localstack/info", StringComparison.Ordinal))
            return Write(http, new JsonObject { ["version"] = Version, ["edition"] = "community", ["is_license_activated"] = false, ["session_id"] = Guid.NewGuid().ToString() });
        if (path.StartsWith("/_localstack/init", StringComparison.Ordinal))
        {
            return Write(http, new JsonObject
            {
                ["completed"] = new JsonObject { ["BOOT"] = true, ["START"] = true, ["READY"] = true, ["SHUTDOWN"] = false },
                ["scripts"] = new JsonArray(),
            });
        }

        http.Response.StatusCode = 404;
        return Task.CompletedTask;
    }

    private static Task Write(HttpContext http, JsonObject body)
    {
        http.Response.ContentType = "application/json";
        return http.Response.WriteAsync(body.ToJsonString());
    }
}
