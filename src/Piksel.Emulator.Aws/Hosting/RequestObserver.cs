using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Piksel.Emulator.Aws.Identity;
using Piksel.Emulator.Aws.Policy;

namespace Piksel.Emulator.Aws.Hosting;

/// <summary>
/// What is seen of a served request: its span's tags, its entry in <see cref="RecentRequests"/> and a structured log line
/// for each IAM refusal. Explanations are worked out only when a span records data or the log level asks for them.
/// </summary>
internal sealed class RequestObserver(RecentRequests requests, ILogger logger)
{
    /// <summary>Starts the request's span (null while nobody listens).</summary>
    public static Activity? Start(string requestId)
    {
        var activity = AwsTelemetry.Source.StartActivity("aws.request", ActivityKind.Server);
        activity?.SetTag("aws.request_id", requestId);
        return activity;
    }

    /// <summary>Records the finished request.</summary>
    public void Finish(Activity? activity, string requestId, DateTimeOffset started, string service, AwsRequestContext? served, int status, string? errorCode)
    {
        var caller = served?.Caller;
        var principal = caller is null || caller.Kind == PrincipalKind.Anonymous ? "anonymous" : caller.Arn;
        var decisions = served?.Decisions ?? [];
        var record = new RequestRecord
        {
            RequestId = requestId,
            Time = started,
            Service = service,
            Operation = served?.Operation?.Name,
            Principal = principal,
            Account = caller?.AccountId ?? "",
            Region = served?.Region ?? "",
            Status = status,
            ErrorCode = errorCode,
            Decisions = decisions,
        };
        requests.Add(record);
        var deciding = record.Deciding;

        foreach (var d in decisions)
        {
            if (d.Result.Allowed ? !logger.IsEnabled(LogLevel.Debug) : !logger.IsEnabled(LogLevel.Information)) continue;
            logger.Log(d.Result.Allowed ? LogLevel.Debug : LogLevel.Information,
                "IAM {Decision} {Action} on {Resource} for {Principal} (request {RequestId}): {Explanation}",
                AwsTelemetry.DecisionWord(d.Result.Decision), d.Action, d.Resource, principal, requestId, d.Result.Explain().Summary);
        }

        if (activity is null) return;
        activity.DisplayName = $"{service}.{record.Operation ?? "-"}";
        activity.SetTag("rpc.system", "aws-api");
        activity.SetTag("rpc.service", service);
        activity.SetTag("rpc.method", record.Operation);
        activity.SetTag("aws.service", service);
        activity.SetTag("aws.operation", record.Operation);
        activity.SetTag("aws.principal.arn", principal);
        activity.SetTag("aws.account", record.Account);
        activity.SetTag("aws.region", record.Region);
        activity.SetTag("http.response.status_code", status);
        if (errorCode is not null)
        {
            activity.SetTag("aws.error.code", errorCode);
            activity.SetTag("error.type", errorCode);
        }
        if (status >= 500) activity.SetStatus(ActivityStatusCode.Error, errorCode);
        if (deciding is null) return;
        activity.SetTag("aws.iam.action", deciding.Action);
        activity.SetTag("aws.iam.resource", deciding.Resource);
        activity.SetTag("aws.iam.decision", AwsTelemetry.DecisionWord(deciding.Result.Decision));
        if (activity.IsAllDataRequested) activity.SetTag("aws.iam.explanation", deciding.Result.Explain().Summary);
        if (!deciding.Result.Allowed) activity.SetStatus(ActivityStatusCode.Error, "AccessDenied: " + AwsTelemetry.DecisionWord(deciding.Result.Decision));
    }
}
