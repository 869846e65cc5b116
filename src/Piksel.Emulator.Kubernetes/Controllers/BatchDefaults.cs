using System.Text.Json.Nodes;
using Piksel.Emulator.Kubernetes.Admission;
using Piksel.Emulator.Kubernetes.Api;

namespace Piksel.Emulator.Kubernetes.Controllers;

/// <summary>
/// What the API server's batch strategies do on create (pkg/registry/batch, pkg/apis/batch/v1/defaults.go): a Job gets
/// the generated selector <c>batch.kubernetes.io/controller-uid=&lt;uid&gt;</c> and its pod template the
/// <c>batch.kubernetes.io/controller-uid</c>, <c>batch.kubernetes.io/job-name</c>, <c>controller-uid</c> and
/// <c>job-name</c> labels (unless <c>manualSelector</c>), and the defaults (parallelism, completions, backoffLimit 6,
/// completionMode NonIndexed, suspend false); a CronJob its defaults (concurrencyPolicy Allow, history limits 3 and 1).
/// A Job whose pods would restart Always, and a CronJob whose schedule does not parse, are 422 Invalid.
/// </summary>
public sealed class BatchDefaults : IAdmissionPlugin
{
    /// <summary>The label (and selector key) naming the Job's uid.</summary>
    public const string ControllerUidLabel = "batch.kubernetes.io/controller-uid";

    /// <summary>The label naming the Job.</summary>
    public const string JobNameLabel = "batch.kubernetes.io/job-name";

    /// <inheritdoc />
    public bool Mutating => true;

    /// <inheritdoc />
    public ValueTask AdmitAsync(AdmissionRequest request, CancellationToken cancellationToken)
    {
        if (request.Operation != AdmissionOperation.Create || request.Subresource is not null) return ValueTask.CompletedTask;
        if (request.Type.GroupResource == BuiltInResources.Jobs.GroupResource) DefaultJob(request.Object, request.Name);
        else if (request.Type.GroupResource == BuiltInResources.CronJobs.GroupResource) DefaultCronJob(request.Object, request.Name);
        return ValueTask.CompletedTask;
    }

    private static void DefaultJob(JsonObject job, string name)
    {
        var spec = job["spec"] as JsonObject ?? (JsonObject)(job["spec"] = new JsonObject());
        JobSpecDefaults(spec);
        var restart = spec["template"]?["spec"]?["restartPolicy"]?.GetValue<string>();
        if (restart is not ("Never" or "OnFailure"))
        {
            throw restart is null
                ? StatusException.Invalid(BuiltInResources.Jobs, name, ("spec.template.spec.restartPolicy", "FieldValueRequired", "Required value: valid values: \"OnFailure\", \"Never\""))
                : StatusException.Invalid(BuiltInResources.Jobs, name, ("spec.template.spec.restartPolicy", "FieldValueNotSupported", $"Unsupported value: \"{restart}\": supported values: \"OnFailure\", \"Never\""));
        }
        if (spec["manualSelector"]?.GetValue<bool>() == true) return;
        var uid = job["metadata"]?["uid"]?.GetValue<string>() ?? "";
        var jobName = job["metadata"]?["name"]?.GetValue<string>() ?? name;
        spec["selector"] = new JsonObject { ["matchLabels"] = new JsonObject { [ControllerUidLabel] = uid } };
        var template = spec["template"] as JsonObject ?? (JsonObject)(spec["template"] = new JsonObject());
        var metadata = template["metadata"] as JsonObject ?? (JsonObject)(template["metadata"] = new JsonObject());
        var labels = metadata["labels"] as JsonObject ?? (JsonObject)(metadata["labels"] = new JsonObject());
        labels[ControllerUidLabel] = uid;
        labels[JobNameLabel] = jobName;
        labels["controller-uid"] = uid;
        labels["job-name"] = jobName;
    }

    /// <summary>The Job spec defaults (SetDefaults_Job), also applied to a CronJob's job template.</summary>
    private static void JobSpecDefaults(JsonObject spec)
    {
        if (spec["completions"] is null && spec["parallelism"] is null) spec["completions"] = 1;
        spec["parallelism"] ??= 1;
        spec["backoffLimit"] ??= 6;
        spec["completionMode"] ??= "NonIndexed";
        spec["suspend"] ??= false;
        spec["podReplacementPolicy"] ??= "TerminatingOrFailed";
    }

    private static void DefaultCronJob(JsonObject cronJob, string name)
    {
        var spec = cronJob["spec"] as JsonObject ?? (JsonObject)(cronJob["spec"] = new JsonObject());
        var schedule = spec["schedule"]?.GetValue<string>() ?? "";
        if (!CronSchedule.TryParse(schedule, out _, out var why))
            throw StatusException.Invalid(BuiltInResources.CronJobs, name, ("spec.schedule", "FieldValueInvalid", $"Invalid value: \"{schedule}\": {why}"));
        if (spec["timeZone"]?.GetValue<string>() is { } zone && !CronSchedule.TryFindZone(zone, out _))
            throw StatusException.Invalid(BuiltInResources.CronJobs, name, ("spec.timeZone", "FieldValueInvalid", $"Invalid value: \"{zone}\": unknown time zone {zone}"));
        spec["concurrencyPolicy"] ??= "Allow";
        spec["suspend"] ??= false;
        spec["successfulJobsHistoryLimit"] ??= 3;
        spec["failedJobsHistoryLimit"] ??= 1;
        if (spec["jobTemplate"]?["spec"] is JsonObject jobSpec) JobSpecDefaults(jobSpec);
    }
}
