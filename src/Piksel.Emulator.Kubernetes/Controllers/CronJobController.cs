using System.Globalization;
using System.Text.Json.Nodes;
using Piksel.Emulator.Kubernetes.Api;
using Piksel.Emulator.Kubernetes.Rest;
using Piksel.Emulator.Kubernetes.Storage;

namespace Piksel.Emulator.Kubernetes.Controllers;

/// <summary>
/// The cron job controller (pkg/controller/cronjob, v2): at each time of the schedule (in spec.timeZone) it creates the
/// Job <c>&lt;cronjob&gt;-&lt;scheduled time in unix minutes&gt;</c> from the job template, honouring suspend,
/// startingDeadlineSeconds (MissSchedule) and concurrencyPolicy (Allow, Forbid: wait for the running job, Replace:
/// delete it); keeps status.active, lastScheduleTime and lastSuccessfulTime; deletes finished jobs beyond the
/// successful/failed history limits; records SuccessfulCreate, SawCompletedJob, SuccessfulDelete, UnexpectedJob. Driven
/// by the cluster clock: it looks again at the next scheduled time.
/// </summary>
public sealed class CronJobController(ControllerContext context)
    : OwnedWorkloadLoop(context, BuiltInResources.CronJobs, BuiltInResources.Jobs)
{
    /// <summary>The annotation on a scheduled Job with the time it was scheduled for.</summary>
    public const string ScheduledTimestamp = "batch.kubernetes.io/cronjob-scheduled-timestamp";

    private readonly EventRecorder events = new(context.Client, context.Time, "cronjob-controller");

    /// <inheritdoc />
    protected override async Task ReconcileAsync(ObjectKey key, CancellationToken cancellationToken)
    {
        if (Client.Get(key.Type, key.Namespace, key.Name) is not { } cj || cj.IsDeleting()) return;
        var spec = cj.View["spec"] as JsonObject ?? [];
        var now = Context.Time.GetUtcNow();
        var oldStatus = cj.View["status"] as JsonObject ?? [];
        var active = (oldStatus["active"] as JsonArray ?? []).OfType<JsonObject>().Select(r => (JsonObject)r.DeepClone()).ToList();
        var lastSuccessful = oldStatus["lastSuccessfulTime"]?.GetValue<string>();
        var jobs = Client.List(BuiltInResources.Jobs, key.Namespace).Items.Where(j => WorkloadPods.ControllerUid(j.View) == cj.Uid()).ToList();
        foreach (var job in jobs)
        {
            var finished = JobConditions.Finished(job);
            var listed = active.Any(r => r["uid"]?.GetValue<string>() == job.Uid());
            if (finished is null && !listed && !job.IsDeleting())
            {
                active.Add(Reference(job));
                await events.RecordAsync(cj, "Warning", "UnexpectedJob", $"Saw a job that the controller did not create or forgot: {job.Name}", cancellationToken);
            }
            else if (finished is not null && listed)
            {
                active.RemoveAll(r => r["uid"]?.GetValue<string>() == job.Uid());
                await events.RecordAsync(cj, "Normal", "SawCompletedJob", $"Saw completed job: {job.Name}, condition: {finished}", cancellationToken);
            }
            if (finished == "Complete" && job.View["status"]?["completionTime"]?.GetValue<string>() is { } done && string.CompareOrdinal(done, lastSuccessful) > 0) lastSuccessful = done;
        }
        foreach (var gone in active.Where(r => jobs.All(j => j.Uid() != r["uid"]?.GetValue<string>())).ToList())
        {
            active.Remove(gone);
            await events.RecordAsync(cj, "Normal", "MissingJob", $"Active job went missing: {gone["name"]?.GetValue<string>()}", cancellationToken);
        }
        await CleanUpAsync(cj, spec, jobs, cancellationToken);

        var lastSchedule = oldStatus["lastScheduleTime"]?.GetValue<string>();
        if (spec["suspend"]?.GetValue<bool>() != true && CronSchedule.TryParse(spec["schedule"]?.GetValue<string>() ?? "", out var schedule, out _))
        {
            var zone = spec["timeZone"]?.GetValue<string>() is { } name && CronSchedule.TryFindZone(name, out var z) ? z : TimeZoneInfo.Utc;
            if (await RunDueAsync(cj, spec, schedule, zone, now, active, jobs, cancellationToken) is { } scheduled) lastSchedule = Meta.Timestamp(scheduled);
            if (schedule.Next(now, zone) is { } next) EnqueueAt(key, next);
        }

        var current = Client.Get(cj.Type, cj.Namespace, cj.Name);
        if (current is null || current.Uid() != cj.Uid()) return;
        await Client.UpdateStatusAsync(current, o =>
        {
            var status = new JsonObject();
            if (active.Count > 0) status["active"] = new JsonArray([.. active]);
            if (lastSchedule is not null) status["lastScheduleTime"] = lastSchedule;
            if (lastSuccessful is not null) status["lastSuccessfulTime"] = lastSuccessful;
            o["status"] = status;
        }, cancellationToken);
    }

    /// <summary>Starts the Job of the latest scheduled time that has come, if it may start; returns that time when it did.</summary>
    private async Task<DateTimeOffset?> RunDueAsync(StoredObject cj, JsonObject spec, CronSchedule schedule, TimeZoneInfo zone, DateTimeOffset now,
        List<JsonObject> active, List<StoredObject> jobs, CancellationToken cancellationToken)
    {
        var earliest = Parse(cj.View["status"]?["lastScheduleTime"]) ?? Parse(cj.View["metadata"]?["creationTimestamp"]) ?? now;
        var startingDeadline = spec["startingDeadlineSeconds"]?.GetValue<long>();
        if (startingDeadline is { } sds && earliest < now.AddSeconds(-sds)) earliest = now.AddSeconds(-sds);
        DateTimeOffset? latest = null;
        var missed = 0;
        for (var t = schedule.Next(earliest, zone); t is { } at && at <= now && missed < 100_000; t = schedule.Next(at, zone))
        {
            latest = at;
            missed++;
        }
        if (latest is not { } scheduled) return null;
        if (missed > 100)
            await events.RecordAsync(cj, "Warning", "TooManyMissedTimes", "too many missed start times. Set or decrease .spec.startingDeadlineSeconds or check clock skew", cancellationToken);
        if (startingDeadline is { } deadline && scheduled.AddSeconds(deadline) < now)
        {
            await events.RecordAsync(cj, "Warning", "MissSchedule", $"Missed scheduled time to start a job: {scheduled.UtcDateTime.ToString("ddd, dd MMM yyyy HH:mm:ss", CultureInfo.InvariantCulture)} +0000", cancellationToken);
            return null;
        }
        var policy = spec["concurrencyPolicy"]?.GetValue<string>() ?? "Allow";
        if (policy == "Forbid" && active.Count > 0)
        {
            // lastScheduleTime stays: the run starts when the running job ends, if still within the starting deadline.
            await events.RecordAsync(cj, "Normal", "JobAlreadyActive", "Not starting job because prior execution is running and concurrency policy is Forbid", cancellationToken);
            return null;
        }
        var name = $"{cj.Name}-{scheduled.ToUnixTimeSeconds() / 60}";
        if (jobs.Any(j => j.Name == name)) return scheduled;
        if (policy == "Replace")
        {
            foreach (var reference in active.ToList())
            {
                if (jobs.FirstOrDefault(j => j.Uid() == reference["uid"]?.GetValue<string>()) is { } running && await Client.DeleteAsync(running, cancellationToken: cancellationToken))
                    await events.RecordAsync(cj, "Normal", "SuccessfulDelete", $"Deleted job {running.Name}", cancellationToken);
                active.Remove(reference);
            }
        }
        var created = await Client.CreateIfAbsentAsync(BuiltInResources.Jobs, cj.Namespace, name, JobFrom(cj, spec, TimeZoneInfo.ConvertTime(scheduled, zone)), cancellationToken);
        active.Add(Reference(created));
        await events.RecordAsync(cj, "Normal", "SuccessfulCreate", $"Created job {created.Name}", cancellationToken);
        return scheduled;
    }

    /// <summary>The Job for one scheduled time: the template's labels, annotations and spec, owned by the CronJob.</summary>
    private static JsonObject JobFrom(StoredObject cj, JsonObject spec, DateTimeOffset scheduled)
    {
        var template = spec["jobTemplate"] as JsonObject ?? [];
        var metadata = template["metadata"]?.DeepClone() as JsonObject ?? [];
        metadata.Remove("name");
        metadata.Remove("namespace");
        metadata.Remove("generateName");
        var annotations = metadata["annotations"] as JsonObject ?? [];
        annotations[ScheduledTimestamp] = scheduled.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture).Replace("+00:00", "Z", StringComparison.Ordinal);
        metadata["annotations"] = annotations.DeepClone();
        metadata["ownerReferences"] = new JsonArray(WorkloadPods.ControllerRef(cj));
        return new JsonObject
        {
            ["apiVersion"] = "batch/v1",
            ["kind"] = "Job",
            ["metadata"] = metadata,
            ["spec"] = template["spec"]?.DeepClone() ?? new JsonObject(),
        };
    }

    /// <summary>Deletes the oldest finished jobs beyond successfulJobsHistoryLimit (3) and failedJobsHistoryLimit (1).</summary>
    private async Task CleanUpAsync(StoredObject cj, JsonObject spec, List<StoredObject> jobs, CancellationToken cancellationToken)
    {
        foreach (var (state, limit) in new[] { ("Complete", spec["successfulJobsHistoryLimit"]?.GetValue<int>() ?? 3), ("Failed", spec["failedJobsHistoryLimit"]?.GetValue<int>() ?? 1) })
        {
            var finished = jobs.Where(j => !j.IsDeleting() && JobConditions.Finished(j) == state)
                .OrderBy(j => j.View["status"]?["startTime"]?.GetValue<string>() ?? "", StringComparer.Ordinal).ThenBy(j => j.Name, StringComparer.Ordinal).ToList();
            foreach (var job in finished.Take(Math.Max(0, finished.Count - limit)))
            {
                if (await Client.DeleteAsync(job, cancellationToken: cancellationToken))
                    await events.RecordAsync(cj, "Normal", "SuccessfulDelete", $"Deleted job {job.Name}", cancellationToken);
            }
        }
    }

    private static JsonObject Reference(StoredObject job) => new()
    {
        ["apiVersion"] = "batch/v1",
        ["kind"] = "Job",
        ["name"] = job.Name,
        ["namespace"] = job.Namespace,
        ["resourceVersion"] = job.VersionString(),
        ["uid"] = job.Uid(),
    };

    private static DateTimeOffset? Parse(JsonNode? node) =>
        DateTimeOffset.TryParse(node?.GetValue<string>(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) ? at : null;
}
