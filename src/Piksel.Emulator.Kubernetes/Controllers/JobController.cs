using System.Globalization;
using System.Text.Json.Nodes;
using Piksel.Emulator.Kubernetes.Api;
using Piksel.Emulator.Kubernetes.Rest;
using Piksel.Emulator.Kubernetes.Storage;

namespace Piksel.Emulator.Kubernetes.Controllers;

/// <summary>
/// The job controller (pkg/controller/job): runs up to parallelism pods <c>&lt;job&gt;-&lt;5 chars&gt;</c> (Indexed:
/// <c>&lt;job&gt;-&lt;index&gt;-…</c> with the completion-index annotation) until completions have succeeded; a failed pod
/// is replaced after the real back-off (10 s doubling, at most 6 min) until more than backoffLimit have failed
/// (Failed, BackoffLimitExceeded); activeDeadlineSeconds on the cluster clock (Failed, DeadlineExceeded); suspend;
/// status counts, startTime, completionTime and conditions (with SuccessCriteriaMet / FailureTarget from 1.31); events
/// SuccessfulCreate, SuccessfulDelete, Completed and the failure reasons. It also plays the TTL-after-finished
/// controller: a finished Job with ttlSecondsAfterFinished is deleted (foreground) once that time has passed.
/// </summary>
public sealed class JobController(ControllerContext context)
    : OwnedWorkloadLoop(context, BuiltInResources.Jobs, BuiltInResources.Pods)
{
    /// <summary>The annotation (and label) carrying an Indexed Job pod's completion index.</summary>
    public const string CompletionIndex = "batch.kubernetes.io/job-completion-index";

    private readonly EventRecorder events = new(context.Client, context.Time, "job-controller");

    /// <inheritdoc />
    protected override async Task ReconcileAsync(ObjectKey key, CancellationToken cancellationToken)
    {
        if (Client.Get(key.Type, key.Namespace, key.Name) is not { } job || job.IsDeleting()) return;
        var now = Context.Time.GetUtcNow();
        if (JobConditions.Finished(job) is not null)
        {
            await ExpireAsync(key, job, now, cancellationToken);
            return;
        }
        var spec = job.View["spec"] as JsonObject ?? [];
        var pods = Client.List(BuiltInResources.Pods, key.Namespace).Items.Where(p => WorkloadPods.ControllerUid(p.View) == job.Uid()).ToList();
        var active = pods.Where(WorkloadPods.IsActive).ToList();
        var succeeded = pods.Count(p => WorkloadPods.Phase(p) == "Succeeded");
        var failed = pods.Count(p => WorkloadPods.Phase(p) == "Failed");
        var completions = spec["completions"]?.GetValue<int>();
        var parallelism = spec["parallelism"]?.GetValue<int>() ?? 1;
        var suspended = spec["suspend"]?.GetValue<bool>() == true;
        var start = Parse(job.View["status"]?["startTime"]) ?? now;
        var deadline = spec["activeDeadlineSeconds"]?.GetValue<long>() is { } seconds ? start.AddSeconds(seconds) : (DateTimeOffset?)null;

        (string Reason, string Message)? failure = null;
        if (failed > (spec["backoffLimit"]?.GetValue<int>() ?? 6)) failure = ("BackoffLimitExceeded", "Job has reached the specified backoff limit");
        else if (!suspended && deadline <= now) failure = ("DeadlineExceeded", "Job was active longer than specified deadline");
        var complete = failure is null && (completions is { } c ? succeeded >= c : succeeded > 0 && active.Count == 0);

        if (failure is not null || complete || suspended)
        {
            foreach (var pod in active) await DeletePodAsync(job, pod, cancellationToken);
            active.Clear();
        }
        else
        {
            var want = completions is { } total ? Math.Min(total - succeeded, parallelism) : succeeded > 0 ? 0 : parallelism;
            if (active.Count > want)
            {
                foreach (var pod in WorkloadPods.DeletionOrder(active).Take(active.Count - want).ToList())
                {
                    await DeletePodAsync(job, pod, cancellationToken);
                    active.Remove(pod);
                }
            }
            else if (active.Count < want && BackoffUntil(pods, failed) is { } wait && wait > now)
            {
                EnqueueAt(key, wait);
            }
            else
            {
                for (var i = active.Count; i < want; i++) active.Add(await CreatePodAsync(job, spec, pods.Concat(active), cancellationToken));
            }
            if (deadline is { } due) EnqueueAt(key, due);
        }
        await WriteStatusAsync(job, suspended && failure is null && !complete, start, active, succeeded, failed, failure, complete, cancellationToken);
        if (failure is { } f) await events.RecordAsync(job, "Warning", f.Reason, f.Message, cancellationToken);
        if (complete) await events.RecordAsync(job, "Normal", "Completed", "Job completed", cancellationToken);
        if ((failure is not null || complete) && spec["ttlSecondsAfterFinished"]?.GetValue<int>() is { } ttl) EnqueueAt(key, now.AddSeconds(ttl));
    }

    /// <summary>The TTL-after-finished controller's part: a finished Job goes (foreground) ttlSecondsAfterFinished after it finished.</summary>
    private async Task ExpireAsync(ObjectKey key, StoredObject job, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (job.View["spec"]?["ttlSecondsAfterFinished"]?.GetValue<int>() is not { } ttl || JobConditions.FinishedAt(job) is not { } finished) return;
        var due = finished.AddSeconds(ttl);
        if (due > now) EnqueueAt(key, due);
        else await Client.DeleteAsync(job, "Foreground", cancellationToken);
    }

    /// <summary>When the next pod may start after failures (10 s × 2^(failures−1), at most 6 min, from the last failure), or null.</summary>
    private DateTimeOffset? BackoffUntil(List<StoredObject> pods, int failed)
    {
        if (failed == 0) return null;
        var last = pods.Where(p => WorkloadPods.Phase(p) == "Failed").Select(FinishedAt).Max() ?? Context.Time.GetUtcNow();
        var delay = TimeSpan.FromSeconds(Math.Min(360, 10 * Math.Pow(2, Math.Min(failed - 1, 10))));
        return last + delay;
    }

    private static DateTimeOffset? FinishedAt(StoredObject pod) =>
        (pod.View["status"]?["containerStatuses"] as JsonArray ?? []).OfType<JsonObject>()
            .Select(c => Parse(c["state"]?["terminated"]?["finishedAt"])).Max()
        ?? Parse((pod.View["status"]?["conditions"] as JsonArray)?.OfType<JsonObject>().FirstOrDefault(c => c["type"]?.GetValue<string>() == "Ready")?["lastTransitionTime"]);

    private static DateTimeOffset? Parse(JsonNode? node) =>
        DateTimeOffset.TryParse(node?.GetValue<string>(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) ? at : null;

    private async Task<StoredObject> CreatePodAsync(StoredObject job, JsonObject spec, IEnumerable<StoredObject> existing, CancellationToken cancellationToken)
    {
        var template = spec["template"] as JsonObject;
        var generateName = job.Name + "-";
        JsonObject pod;
        if (spec["completionMode"]?.GetValue<string>() == "Indexed")
        {
            // The lowest index neither succeeded nor running.
            var taken = existing.Where(p => WorkloadPods.IsActive(p) || WorkloadPods.Phase(p) == "Succeeded")
                .Select(p => p.Annotations.GetValueOrDefault(CompletionIndex)).ToHashSet();
            var index = Enumerable.Range(0, spec["completions"]?.GetValue<int>() ?? 1).First(i => !taken.Contains(i.ToString(CultureInfo.InvariantCulture))).ToString(CultureInfo.InvariantCulture);
            pod = WorkloadPods.FromTemplate(job, template, $"{job.Name}-{index}-");
            var metadata = Meta.Of(pod);
            var annotations = metadata["annotations"] as JsonObject ?? [];
            annotations[CompletionIndex] = index;
            metadata["annotations"] = annotations.DeepClone();
            var labels = metadata["labels"] as JsonObject ?? [];
            labels[CompletionIndex] = index;
            metadata["labels"] = labels.DeepClone();
            pod["spec"]!["hostname"] = $"{job.Name}-{index}";
        }
        else
        {
            pod = WorkloadPods.FromTemplate(job, template, generateName);
        }
        var created = await Client.CreateAsync(BuiltInResources.Pods, job.Namespace, pod, cancellationToken);
        await events.RecordAsync(job, "Normal", "SuccessfulCreate", $"Created pod: {created.Name}", cancellationToken);
        return created;
    }

    private async Task DeletePodAsync(StoredObject job, StoredObject pod, CancellationToken cancellationToken)
    {
        if (await Client.DeleteAsync(pod, cancellationToken: cancellationToken))
            await events.RecordAsync(job, "Normal", "SuccessfulDelete", $"Deleted pod: {pod.Name}", cancellationToken);
    }

    private async Task WriteStatusAsync(StoredObject job, bool suspended, DateTimeOffset start, List<StoredObject> active, int succeeded, int failed,
        (string Reason, string Message)? failure, bool complete, CancellationToken cancellationToken)
    {
        var now = Meta.Timestamp(Context.Time.GetUtcNow());
        var current = Client.Get(job.Type, job.Namespace, job.Name);
        if (current is null || current.Uid() != job.Uid()) return;
        // The target conditions (SuccessCriteriaMet, FailureTarget) come first from 1.31 on.
        var minor = int.TryParse(Context.Options.KubernetesVersion.Split('.')[^1], CultureInfo.InvariantCulture, out var m) ? m : 33;
        await Client.UpdateStatusAsync(current, o =>
        {
            var old = o["status"] as JsonObject ?? [];
            var status = new JsonObject();
            if (!suspended) status["startTime"] = old["startTime"]?.DeepClone() ?? Meta.Timestamp(start);
            if (active.Count > 0) status["active"] = active.Count;
            if (succeeded > 0) status["succeeded"] = succeeded;
            if (failed > 0) status["failed"] = failed;
            status["ready"] = active.Count(p => WorkloadPods.ReadyCondition(p) is not null);
            status["terminating"] = 0;
            status["uncountedTerminatedPods"] = new JsonObject();
            var conditions = new JsonArray([.. (old["conditions"] as JsonArray ?? []).OfType<JsonObject>()
                .Where(c => c["type"]?.GetValue<string>() != "Suspended" || suspended).Select(c => c.DeepClone())]);
            if (suspended && !conditions.OfType<JsonObject>().Any(c => c["type"]?.GetValue<string>() == "Suspended"))
                conditions.Add(JobConditions.Make("Suspended", "JobSuspended", "Job suspended", now));
            if (failure is { } f)
            {
                if (minor >= 31) conditions.Add(JobConditions.Make("FailureTarget", f.Reason, f.Message, now));
                conditions.Add(JobConditions.Make("Failed", f.Reason, f.Message, now));
            }
            else if (complete)
            {
                if (minor >= 31) conditions.Add(JobConditions.Make("SuccessCriteriaMet", "CompletionsReached", "Reached expected number of succeeded pods", now));
                conditions.Add(minor >= 31 ? JobConditions.Make("Complete", "CompletionsReached", "Reached expected number of succeeded pods", now)
                    : new JsonObject { ["type"] = "Complete", ["status"] = "True", ["lastProbeTime"] = now, ["lastTransitionTime"] = now });
                status["completionTime"] = now;
            }
            if (conditions.Count > 0) status["conditions"] = conditions;
            o["status"] = status;
        }, cancellationToken);
    }
}
