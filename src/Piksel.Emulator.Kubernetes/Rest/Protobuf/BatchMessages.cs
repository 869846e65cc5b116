namespace Piksel.Emulator.Kubernetes.Rest.Protobuf;

/// <summary>
/// The batch/v1 kinds (<c>kubectl create job|cronjob</c>): Job, CronJob and the JobSpec they share; field numbers from
/// k8s.io/api <c>batch/v1/generated.proto</c>, presence from the Go struct tags (nearly every JobSpec field a pointer).
/// </summary>
internal static class BatchMessages
{
    private static readonly ProtoMessage PodFailurePolicy = new ProtoMessage()
        .Add(1, "rules", new ProtoMessage()
            .Add(1, "action", ProtoKind.String, Presence.Always)
            .Pointer(2, "onExitCodes", new ProtoMessage()
                .Add(1, "containerName", ProtoKind.String, Presence.Pointer)
                .Add(2, "operator", ProtoKind.String, Presence.Always)
                .Add(3, "values", ProtoKind.Int32, Presence.Always, repeated: true))
            .List(3, "onPodConditions", new ProtoMessage()
                .Add(1, "type", ProtoKind.String, Presence.Always)
                .Add(2, "status", ProtoKind.String))
            , Presence.Always, repeated: true);

    private static readonly ProtoMessage SuccessPolicy = new ProtoMessage()
        .Add(1, "rules", new ProtoMessage()
            .Add(1, "succeededIndexes", ProtoKind.String, Presence.Pointer)
            .Add(2, "succeededCount", ProtoKind.Int32, Presence.Pointer), Presence.Always, repeated: true);

    private static readonly ProtoMessage JobSpec = new ProtoMessage()
        .Add(1, "parallelism", ProtoKind.Int32, Presence.Pointer)
        .Add(2, "completions", ProtoKind.Int32, Presence.Pointer)
        .Add(3, "activeDeadlineSeconds", ProtoKind.Int64, Presence.Pointer)
        .Pointer(11, "podFailurePolicy", PodFailurePolicy)
        .Pointer(16, "successPolicy", SuccessPolicy)
        .Add(7, "backoffLimit", ProtoKind.Int32, Presence.Pointer)
        .Add(12, "backoffLimitPerIndex", ProtoKind.Int32, Presence.Pointer)
        .Add(13, "maxFailedIndexes", ProtoKind.Int32, Presence.Pointer)
        .Pointer(4, "selector", MetaMessages.LabelSelector)
        .Add(5, "manualSelector", ProtoKind.Bool, Presence.Pointer)
        .Add(6, "template", PodMessages.PodTemplateSpec)
        .Add(8, "ttlSecondsAfterFinished", ProtoKind.Int32, Presence.Pointer)
        .Add(9, "completionMode", ProtoKind.String, Presence.Pointer)
        .Add(10, "suspend", ProtoKind.Bool, Presence.Pointer)
        .Add(14, "podReplacementPolicy", ProtoKind.String, Presence.Pointer)
        .Add(15, "managedBy", ProtoKind.String, Presence.Pointer);

    private static readonly ProtoMessage JobCondition = new ProtoMessage()
        .Add(1, "type", ProtoKind.String, Presence.Always)
        .Add(2, "status", ProtoKind.String, Presence.Always)
        .Add(3, "lastProbeTime", ProtoKind.Time, Presence.Always)
        .Add(4, "lastTransitionTime", ProtoKind.Time, Presence.Always)
        .Add(5, "reason", ProtoKind.String)
        .Add(6, "message", ProtoKind.String);

    private static readonly ProtoMessage JobStatus = new ProtoMessage()
        .List(1, "conditions", JobCondition)
        .Add(2, "startTime", ProtoKind.Time, Presence.Pointer)
        .Add(3, "completionTime", ProtoKind.Time, Presence.Pointer)
        .Add(4, "active", ProtoKind.Int32)
        .Add(5, "succeeded", ProtoKind.Int32)
        .Add(6, "failed", ProtoKind.Int32)
        .Add(11, "terminating", ProtoKind.Int32, Presence.Pointer)
        .Add(7, "completedIndexes", ProtoKind.String)
        .Add(10, "failedIndexes", ProtoKind.String, Presence.Pointer)
        .Pointer(8, "uncountedTerminatedPods", new ProtoMessage().Strings(1, "succeeded").Strings(2, "failed"))
        .Add(9, "ready", ProtoKind.Int32, Presence.Pointer);

    /// <summary>Job (<c>kubectl create job</c>, also <c>--from=cronjob/…</c>).</summary>
    public static readonly ProtoMessage Job = new ProtoMessage()
        .Add(1, "metadata", MetaMessages.ObjectMeta)
        .Add(2, "spec", JobSpec)
        .Add(3, "status", JobStatus);

    private static readonly ProtoMessage CronJobSpec = new ProtoMessage()
        .Add(1, "schedule", ProtoKind.String, Presence.Always)
        .Add(8, "timeZone", ProtoKind.String, Presence.Pointer)
        .Add(2, "startingDeadlineSeconds", ProtoKind.Int64, Presence.Pointer)
        .Add(3, "concurrencyPolicy", ProtoKind.String)
        .Add(4, "suspend", ProtoKind.Bool, Presence.Pointer)
        .Add(5, "jobTemplate", new ProtoMessage().Add(1, "metadata", MetaMessages.ObjectMeta).Add(2, "spec", JobSpec))
        .Add(6, "successfulJobsHistoryLimit", ProtoKind.Int32, Presence.Pointer)
        .Add(7, "failedJobsHistoryLimit", ProtoKind.Int32, Presence.Pointer);

    /// <summary>CronJob (<c>kubectl create cronjob</c>).</summary>
    public static readonly ProtoMessage CronJob = new ProtoMessage()
        .Add(1, "metadata", MetaMessages.ObjectMeta)
        .Add(2, "spec", CronJobSpec)
        .Add(3, "status", new ProtoMessage()
            .List(1, "active", CoreMessages.ObjectReference)
            .Add(4, "lastScheduleTime", ProtoKind.Time, Presence.Pointer)
            .Add(5, "lastSuccessfulTime", ProtoKind.Time, Presence.Pointer));
}
