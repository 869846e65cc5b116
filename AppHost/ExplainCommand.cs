using System.CommandLine;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Piksel.Emulator.Aws.Hosting;
using Piksel.Emulator.Aws.Policy;

namespace Piksel.AppHost;

/// <summary>
/// <c>explain &lt;request id&gt; [--env local]</c>: asks the running environment's AWS emulator why a request (by its
/// x-amzn-RequestId) was allowed or refused, and prints the IAM explanation readably. Exit 1 when the id is unknown or
/// no environment runs.
/// </summary>
internal static class ExplainCommand
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    /// <summary>The verb.</summary>
    public static Command Create()
    {
        var id = new Argument<string>("request-id") { Description = "The request id AWS answered (x-amzn-RequestId / RequestId in the error)." };
        var env = new Option<string>("--env") { Description = "The running environment (.piksel/<env>).", DefaultValueFactory = _ => "local" };
        var command = new Command("explain", "Explain an IAM decision of the running environment's AWS emulator by request id.") { id, env };
        command.SetAction((result, cancellationToken) => RunAsync(result.GetValue(id)!, result.GetValue(env)!, Console.Out, Console.Error, cancellationToken));
        return command;
    }

    /// <summary>Looks the request up and prints it; the exit code.</summary>
    public static async Task<int> RunAsync(string requestId, string env, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        if (env.Length is 0 or > 64 || !env.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
        {
            await error.WriteLineAsync($"error: '{env}' is not an environment name (letters, digits, '-' and '_').");
            return 1;
        }
        var root = Path.GetFullPath(Path.Combine(".piksel", env));
        if (AwsEnvFile.ReadEndpoint(root) is not { } endpoint)
        {
            await error.WriteLineAsync($"error: no {env} environment runs here ({AwsEnvFile.PathIn(root)} not found); start it with `dotnet run --project AppHost`.");
            return 1;
        }
        using var http = new HttpClient { Timeout = Timeout };
        HttpResponseMessage response;
        try
        {
            response = await http.GetAsync(new Uri(endpoint, $"{RequestsEndpoint.Path.TrimStart('/')}/{Uri.EscapeDataString(requestId)}"), cancellationToken);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            await error.WriteLineAsync($"error: the {env} environment's AWS endpoint {endpoint} does not answer; is it still running?");
            return 1;
        }
        using (response)
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                await error.WriteLineAsync($"error: {Message(body) ?? $"the emulator answered {(int)response.StatusCode}."}");
                return 1;
            }
            var description = JsonSerializer.Deserialize<RequestDescription>(body, RequestsEndpoint.Json)!;
            await output.WriteAsync(Render(description));
            return 0;
        }
    }

    /// <summary>The readable form.</summary>
    public static string Render(RequestDescription request)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"request    {request.RequestId}  ({request.Time:u})");
        text.AppendLine(CultureInfo.InvariantCulture, $"principal  {request.Principal}  (account {request.Account}, {request.Region})");
        text.AppendLine(CultureInfo.InvariantCulture, $"call       {request.Service} {request.Operation ?? "-"} → {request.Status}{(request.ErrorCode is { } code ? " " + code : "")}");
        if (request.Decisions.Count == 0) text.AppendLine("IAM        no authorization was asked for this request.");
        foreach (var decision in request.Decisions)
        {
            var explanation = decision.Explanation;
            text.AppendLine();
            text.AppendLine(CultureInfo.InvariantCulture, $"{AwsTelemetry.DecisionWord(decision.Decision)}: {decision.Action} on {decision.Resource}");
            if (explanation.DecidedBy.Length > 0) text.AppendLine(CultureInfo.InvariantCulture, $"  decided by  the {explanation.DecidedBy}");
            text.AppendLine(CultureInfo.InvariantCulture, $"  why         {explanation.Summary}");
            foreach (var s in explanation.Statements)
                text.AppendLine(CultureInfo.InvariantCulture, $"  - {s.Source} {s.Policy}, statement {s.Statement} ({s.Effect}): {Outcome(s)}");
        }
        return text.ToString();
    }

    private static string Outcome(StatementFinding s) => s.Outcome switch
    {
        StatementOutcome.Allowed => "allows",
        StatementOutcome.Denied => "denies",
        StatementOutcome.ResourceNotMatched => "resource not matched",
        StatementOutcome.PrincipalNotMatched => "principal not named",
        StatementOutcome.ConditionFailed when s.Condition is { } c =>
            $"condition {c.Operator} {c.Key} expected [{string.Join(", ", c.Expected)}], request had {(c.Actual.Count == 0 ? "no value" : "[" + string.Join(", ", c.Actual) + "]")}",
        _ => s.Outcome.ToString(),
    };

    private static string? Message(string body)
    {
        try
        {
            using var json = JsonDocument.Parse(body);
            return json.RootElement.TryGetProperty("message", out var m) ? m.GetString() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
