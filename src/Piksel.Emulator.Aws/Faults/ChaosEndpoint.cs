using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Piksel.Emulator.Aws.Faults;

/// <summary>
/// LocalStack's chaos API on the edge endpoint. <c>/_localstack/chaos/faults</c>: GET lists the rules, POST replaces them
/// (<c>[]</c> turns faults off), PATCH adds rules, DELETE removes the rules given (each exactly as it was added); every
/// change answers the rules now in force. <c>/_localstack/chaos/effects</c>: GET and POST <c>{"latency": ms}</c>.
/// </summary>
public sealed class ChaosEndpoint(FaultInjector faults)
{
    /// <summary>The path under which the chaos API is served.</summary>
    public const string Path = "/_localstack/chaos";

    /// <summary>A rule list is small; a larger body is refused rather than read.</summary>
    private const int MaxBody = 1024 * 1024;

    /// <summary>Serves one request under <see cref="Path"/>.</summary>
    public async Task HandleAsync(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        var path = http.Request.Path.Value?.TrimEnd('/') ?? "";
        var method = http.Request.Method;
        try
        {
            switch (path)
            {
                case Path + "/faults" when HttpMethods.IsGet(method):
                    await WriteAsync(http, 200, FaultRuleReader.ToJson(faults.Rules));
                    return;
                case Path + "/faults" when HttpMethods.IsPost(method):
                    await WriteAsync(http, 200, FaultRuleReader.ToJson(faults.Replace(await RulesAsync(http))));
                    return;
                case Path + "/faults" when HttpMethods.IsPatch(method):
                    await WriteAsync(http, 200, FaultRuleReader.ToJson(faults.Add(await RulesAsync(http))));
                    return;
                case Path + "/faults" when HttpMethods.IsDelete(method):
                    await WriteAsync(http, 200, FaultRuleReader.ToJson(faults.Remove(await RulesAsync(http))));
                    return;
                case Path + "/effects" when HttpMethods.IsGet(method):
                    await WriteAsync(http, 200, JsonSerializer.Serialize(faults.Effects, FaultRuleReader.Json));
                    return;
                case Path + "/effects" when HttpMethods.IsPost(method):
                    var effects = FaultRuleReader.ParseEffects(await BodyAsync(http));
                    await WriteAsync(http, 200, JsonSerializer.Serialize(faults.SetEffects(effects), FaultRuleReader.Json));
                    return;
                case Path + "/faults" or Path + "/effects":
                    http.Response.Headers.Allow = path.EndsWith("/faults", StringComparison.Ordinal) ? "GET, POST, PATCH, DELETE" : "GET, POST";
                    await ErrorAsync(http, 405, $"{method} is not allowed on {path}.");
                    return;
                default:
                    await ErrorAsync(http, 404, $"No chaos endpoint at {path}; use {Path}/faults or {Path}/effects.");
                    return;
            }
        }
        catch (ArgumentException e)
        {
            await ErrorAsync(http, 400, e.Message);
        }
        catch (BadHttpRequestException e)
        {
            await ErrorAsync(http, e.StatusCode, e.Message);
        }
    }

    private static async Task<IReadOnlyList<FaultRule>> RulesAsync(HttpContext http) => FaultRuleReader.ParseJson(await BodyAsync(http));

    private static async Task<string> BodyAsync(HttpContext http)
    {
        if (http.Request.ContentLength > MaxBody) throw new BadHttpRequestException($"The body is over {MaxBody} bytes.", 413);
        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        while ((read = await http.Request.Body.ReadAsync(chunk, http.RequestAborted)) > 0)
        {
            if (buffer.Length + read > MaxBody) throw new BadHttpRequestException($"The body is over {MaxBody} bytes.", 413);
            buffer.Write(chunk, 0, read);
        }

        try
        {
            return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
        }
        catch (DecoderFallbackException)
        {
            throw new ArgumentException("The body must be UTF-8 JSON.");
        }
    }

    private static Task ErrorAsync(HttpContext http, int status, string message) =>
        WriteAsync(http, status, JsonSerializer.Serialize(new { error = status switch { 400 => "BadRequest", 404 => "NotFound", 405 => "MethodNotAllowed", _ => "RequestTooLarge" }, message }));

    private static Task WriteAsync(HttpContext http, int status, string json)
    {
        http.Response.StatusCode = status;
        http.Response.ContentType = "application/json";
        return http.Response.WriteAsync(json);
    }
}
