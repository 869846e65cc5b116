using System.Text.Json.Nodes;
using static Piksel.Emulator.Kubernetes.Rest.Tables;

namespace Piksel.Emulator.Kubernetes.Rest;

/// <summary>
/// The Table columns of the workload kinds the controllers run beside Deployments (ReplicaSet, DaemonSet, StatefulSet,
/// Job, CronJob), as kube-apiserver's printers give them, so <c>kubectl get ds,rs,sts,job,cj</c> reads as on a real cluster.
/// </summary>
internal static class WorkloadTablePrinters
{
    private static readonly Column Containers = new("Containers", "string", "Names of each container in the template.", Priority: 1);
    private static readonly Column Images = new("Images", "string", "Images referenced by each container in the template.", Priority: 1);
    private static readonly Column SelectorColumn = new("Selector", "string", "Label selector for pods. Existing ReplicaSets whose pods are selected by this will be the ones affected by this deployment.", Priority: 1);

    /// <summary>The printer of <paramref name="kind"/> in <paramref name="group"/>, or null when it is not a workload kind printed here.</summary>
    internal static (IReadOnlyList<Column> Columns, TablePrinters.Cells Cells)? For(string group, string kind) => (group, kind) switch
    {
        ("apps", "ReplicaSet") => ([NameColumn, Int("Desired", "Number of desired pods."), Int("Current", "Number of actual pods."), Int("Ready", "Number of ready pods."), AgeColumn, Containers, Images, SelectorColumn],
            (o, now) => [Name(o), Replicas(o), Status(o, "replicas"), Status(o, "readyReplicas"), Age(o, now), .. Template(o), TablePrinters.Selector(o["spec"]?["selector"])]),
        ("apps", "DaemonSet") => ([NameColumn, Int("Desired", "The desired number of nodes that should be running the daemon pod."),
                Int("Current", "The number of nodes that are running at least 1 daemon pod and are supposed to run the daemon pod."),
                Int("Ready", "The number of nodes that should be running the daemon pod and have one or more of the daemon pod running and ready."),
                Int("Up-to-date", "The total number of nodes that are running updated daemon pod"),
                Int("Available", "The number of nodes that should be running the daemon pod and have one or more of the daemon pod running and available (ready for at least spec.minReadySeconds)"),
                new("Node Selector", "string", "NodeSelector is a selector which must be true for the pod to fit on a node."), AgeColumn, Containers, Images, SelectorColumn],
            (o, now) => [Name(o), Status(o, "desiredNumberScheduled"), Status(o, "currentNumberScheduled"), Status(o, "numberReady"), Status(o, "updatedNumberScheduled"),
                Status(o, "numberAvailable"), NodeSelector(o), Age(o, now), .. Template(o), TablePrinters.Selector(o["spec"]?["selector"])]),
        ("apps", "StatefulSet") => ([NameColumn, new("Ready", "string", "Number of the pod with ready state"), AgeColumn, Containers, Images],
            (o, now) => [Name(o), ReadyOf(o), Age(o, now), .. Template(o)]),
        ("batch", "Job") => ([NameColumn, new("Status", "string", "Status of the job."), new("Completions", "string", "The completion status of the job."),
                new("Duration", "string", "Time required to complete the job."), AgeColumn, Containers, Images, SelectorColumn],
            (o, now) => [Name(o), JobStatus(o), Completions(o), Duration(o, now), Age(o, now), .. Template(o), TablePrinters.Selector(o["spec"]?["selector"])]),
        ("batch", "CronJob") => ([NameColumn, new("Schedule", "string", "The schedule in Cron format."), new("Timezone", "string", "The time zone name for the given schedule."),
                new("Suspend", "boolean", "Whether the cron job is suspended."), Int("Active", "The number of pointers to currently running jobs."),
                new("Last Schedule", "string", "Information when was the last time the job was successfully scheduled."), AgeColumn, Containers, Images, SelectorColumn],
            (o, now) => [Name(o), Str(o["spec"]?["schedule"]), Str(o["spec"]?["timeZone"]) is { Length: > 0 } tz ? tz : "<none>",
                Suspend(o), Count(o["status"]?["active"]), LastSchedule(o, now), Age(o, now),
                .. Template(o["spec"]?["jobTemplate"] as JsonObject), TablePrinters.Selector(o["spec"]?["jobTemplate"]?["spec"]?["selector"])]),
        _ => null,
    };

    private static Column Int(string name, string description) => new(name, "integer", description);

    private static long Replicas(JsonObject o) => o["spec"]?["replicas"] is null ? 1 : Tables.Int(o["spec"]?["replicas"]);

    private static string ReadyOf(JsonObject o) => $"{Status(o, "readyReplicas")}/{Replicas(o)}";

    private static long Status(JsonObject o, string field) => Tables.Int(o["status"]?[field]);

    private static long Count(JsonNode? node) => node is JsonArray a ? a.Count : 0;

    /// <summary>The template's container names and images (a CronJob's are one level further down).</summary>
    private static JsonNode?[] Template(JsonObject? o)
    {
        var containers = (o?["spec"]?["template"]?["spec"]?["containers"] as JsonArray ?? []).OfType<JsonObject>().ToList();
        return [string.Join(",", containers.Select(c => Str(c["name"]))), string.Join(",", containers.Select(c => Str(c["image"])))];
    }

    /// <summary>As printBoolPtr prints it: True, False, or &lt;unset&gt;.</summary>
    private static string Suspend(JsonObject o) => o["spec"]?["suspend"] is JsonValue v && v.TryGetValue<bool>(out var b) ? (b ? "True" : "False") : "<unset>";

    private static string NodeSelector(JsonObject o)
    {
        var labels = (o["spec"]?["template"]?["spec"]?["nodeSelector"] as JsonObject ?? []).Select(kv => $"{kv.Key}={Str(kv.Value)}").ToList();
        return labels.Count > 0 ? string.Join(",", labels) : "<none>";
    }

    private static string JobStatus(JsonObject o)
    {
        var conditions = (o["status"]?["conditions"] as JsonArray ?? []).OfType<JsonObject>().Where(c => Str(c["status"]) == "True").Select(c => Str(c["type"])).ToHashSet();
        if (conditions.Contains("Complete")) return "Complete";
        if (conditions.Contains("Failed")) return "Failed";
        if (conditions.Contains("FailureTarget")) return "FailureTarget";
        if (conditions.Contains("SuccessCriteriaMet")) return "SuccessCriteriaMet";
        if (o["spec"]?["suspend"]?.GetValue<bool>() == true) return "Suspended";
        return "Running";
    }

    private static string Completions(JsonObject o)
    {
        var succeeded = Tables.Int(o["status"]?["succeeded"]);
        return o["spec"]?["completions"] is { } completions ? $"{succeeded}/{Tables.Int(completions)}"
            : Tables.Int(o["spec"]?["parallelism"]) > 1 ? $"{succeeded}/1 of {Tables.Int(o["spec"]?["parallelism"])}" : $"{succeeded}/1";
    }

    private static string Duration(JsonObject o, DateTimeOffset now)
    {
        if (Time(o["status"]?["startTime"]) is not { } start) return "";
        var end = Time(o["status"]?["completionTime"]) ?? now;
        return HumanDuration(end - start);
    }

    private static string LastSchedule(JsonObject o, DateTimeOffset now) =>
        Time(o["status"]?["lastScheduleTime"]) is { } last ? HumanDuration(now - last) : "<none>";

    private static DateTimeOffset? Time(JsonNode? node) =>
        DateTimeOffset.TryParse(Str(node), System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var t) ? t : null;
}
