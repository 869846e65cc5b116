namespace Piksel.Emulator.Kubernetes.Rest.Protobuf;

/// <summary>
/// The apps/v1 workload kinds (Deployment, ReplicaSet, StatefulSet, DaemonSet) and autoscaling/v1 Scale; field numbers from
/// k8s.io/api <c>apps/v1/generated.proto</c> and <c>autoscaling/v1/generated.proto</c>, presence from the Go struct tags.
/// Status messages hold what a copied object carries back; controllers write the rest.
/// </summary>
internal static class AppsMessages
{
    private static readonly ProtoMessage RollingUpdate = new ProtoMessage()
        .Add(1, "maxUnavailable", ProtoKind.IntOrString, Presence.Pointer)
        .Add(2, "maxSurge", ProtoKind.IntOrString, Presence.Pointer);

    private static readonly ProtoMessage DeploymentSpec = new ProtoMessage()
        .Add(1, "replicas", ProtoKind.Int32, Presence.Pointer)
        .Pointer(2, "selector", MetaMessages.LabelSelector)
        .Add(3, "template", PodMessages.PodTemplateSpec)
        .Add(4, "strategy", new ProtoMessage().Add(1, "type", ProtoKind.String).Pointer(2, "rollingUpdate", RollingUpdate))
        .Add(5, "minReadySeconds", ProtoKind.Int32)
        .Add(6, "revisionHistoryLimit", ProtoKind.Int32, Presence.Pointer)
        .Add(7, "paused", ProtoKind.Bool)
        .Add(9, "progressDeadlineSeconds", ProtoKind.Int32, Presence.Pointer);

    private static readonly ProtoMessage WorkloadCondition = new ProtoMessage()
        .Add(1, "type", ProtoKind.String, Presence.Always)
        .Add(2, "status", ProtoKind.String, Presence.Always)
        .Add(6, "lastUpdateTime", ProtoKind.Time, Presence.Always)
        .Add(3, "lastTransitionTime", ProtoKind.Time, Presence.Always)
        .Add(4, "reason", ProtoKind.String)
        .Add(5, "message", ProtoKind.String);

    private static readonly ProtoMessage DeploymentStatus = new ProtoMessage()
        .Add(1, "observedGeneration", ProtoKind.Int64)
        .Add(2, "replicas", ProtoKind.Int32)
        .Add(3, "updatedReplicas", ProtoKind.Int32)
        .Add(7, "readyReplicas", ProtoKind.Int32)
        .Add(4, "availableReplicas", ProtoKind.Int32)
        .Add(5, "unavailableReplicas", ProtoKind.Int32)
        .Add(9, "terminatingReplicas", ProtoKind.Int32, Presence.Pointer)
        .List(6, "conditions", WorkloadCondition)
        .Add(8, "collisionCount", ProtoKind.Int32, Presence.Pointer);

    /// <summary>Deployment (<c>kubectl create deployment</c>).</summary>
    public static readonly ProtoMessage Deployment = new ProtoMessage()
        .Add(1, "metadata", MetaMessages.ObjectMeta)
        .Add(2, "spec", DeploymentSpec)
        .Add(3, "status", DeploymentStatus);

    private static readonly ProtoMessage ReplicaSetStatus = new ProtoMessage()
        .Add(1, "replicas", ProtoKind.Int32, Presence.Always)
        .Add(2, "fullyLabeledReplicas", ProtoKind.Int32)
        .Add(4, "readyReplicas", ProtoKind.Int32)
        .Add(5, "availableReplicas", ProtoKind.Int32)
        .Add(7, "terminatingReplicas", ProtoKind.Int32, Presence.Pointer)
        .Add(3, "observedGeneration", ProtoKind.Int64);

    /// <summary>ReplicaSet.</summary>
    public static readonly ProtoMessage ReplicaSet = new ProtoMessage()
        .Add(1, "metadata", MetaMessages.ObjectMeta)
        .Add(2, "spec", new ProtoMessage()
            .Add(1, "replicas", ProtoKind.Int32, Presence.Pointer)
            .Add(4, "minReadySeconds", ProtoKind.Int32)
            .Pointer(2, "selector", MetaMessages.LabelSelector)
            .Add(3, "template", PodMessages.PodTemplateSpec))
        .Add(3, "status", ReplicaSetStatus);

    private static readonly ProtoMessage StatefulSetSpec = new ProtoMessage()
        .Add(1, "replicas", ProtoKind.Int32, Presence.Pointer)
        .Pointer(2, "selector", MetaMessages.LabelSelector)
        .Add(3, "template", PodMessages.PodTemplateSpec)
        .List(4, "volumeClaimTemplates", VolumeMessages.PersistentVolumeClaim)
        .Add(5, "serviceName", ProtoKind.String)
        .Add(6, "podManagementPolicy", ProtoKind.String)
        .Add(7, "updateStrategy", new ProtoMessage()
            .Add(1, "type", ProtoKind.String)
            .Pointer(2, "rollingUpdate", new ProtoMessage()
                .Add(1, "partition", ProtoKind.Int32, Presence.Pointer)
                .Add(2, "maxUnavailable", ProtoKind.IntOrString, Presence.Pointer)))
        .Add(8, "revisionHistoryLimit", ProtoKind.Int32, Presence.Pointer)
        .Add(9, "minReadySeconds", ProtoKind.Int32)
        .Pointer(10, "persistentVolumeClaimRetentionPolicy", new ProtoMessage()
            .Add(1, "whenDeleted", ProtoKind.String)
            .Add(2, "whenScaled", ProtoKind.String))
        .Pointer(11, "ordinals", new ProtoMessage().Add(1, "start", ProtoKind.Int32));

    /// <summary>StatefulSet, its volumeClaimTemplates whole PersistentVolumeClaims.</summary>
    public static readonly ProtoMessage StatefulSet = new ProtoMessage()
        .Add(1, "metadata", MetaMessages.ObjectMeta)
        .Add(2, "spec", StatefulSetSpec)
        .Add(3, "status", new ProtoMessage()
            .Add(1, "observedGeneration", ProtoKind.Int64)
            .Add(2, "replicas", ProtoKind.Int32, Presence.Always)
            .Add(3, "readyReplicas", ProtoKind.Int32)
            .Add(4, "currentReplicas", ProtoKind.Int32)
            .Add(5, "updatedReplicas", ProtoKind.Int32)
            .Add(6, "currentRevision", ProtoKind.String)
            .Add(7, "updateRevision", ProtoKind.String)
            .Add(9, "collisionCount", ProtoKind.Int32, Presence.Pointer)
            .List(10, "conditions", WorkloadCondition)
            .Add(11, "availableReplicas", ProtoKind.Int32));

    /// <summary>DaemonSet.</summary>
    public static readonly ProtoMessage DaemonSet = new ProtoMessage()
        .Add(1, "metadata", MetaMessages.ObjectMeta)
        .Add(2, "spec", new ProtoMessage()
            .Pointer(1, "selector", MetaMessages.LabelSelector)
            .Add(2, "template", PodMessages.PodTemplateSpec)
            .Add(3, "updateStrategy", new ProtoMessage()
                .Add(1, "type", ProtoKind.String)
                .Pointer(2, "rollingUpdate", RollingUpdate))
            .Add(4, "minReadySeconds", ProtoKind.Int32)
            .Add(6, "revisionHistoryLimit", ProtoKind.Int32, Presence.Pointer))
        .Add(3, "status", new ProtoMessage()
            .Add(1, "currentNumberScheduled", ProtoKind.Int32, Presence.Always)
            .Add(2, "numberMisscheduled", ProtoKind.Int32, Presence.Always)
            .Add(3, "desiredNumberScheduled", ProtoKind.Int32, Presence.Always)
            .Add(4, "numberReady", ProtoKind.Int32, Presence.Always)
            .Add(5, "observedGeneration", ProtoKind.Int64)
            .Add(6, "updatedNumberScheduled", ProtoKind.Int32)
            .Add(7, "numberAvailable", ProtoKind.Int32)
            .Add(8, "numberUnavailable", ProtoKind.Int32)
            .Add(9, "collisionCount", ProtoKind.Int32, Presence.Pointer)
            .List(10, "conditions", WorkloadCondition));

    /// <summary>autoscaling/v1 Scale (the scale subresource): status.replicas has no omitempty.</summary>
    public static readonly ProtoMessage Scale = new ProtoMessage()
        .Add(1, "metadata", MetaMessages.ObjectMeta)
        .Add(2, "spec", new ProtoMessage().Add(1, "replicas", ProtoKind.Int32))
        .Add(3, "status", new ProtoMessage()
            .Add(1, "replicas", ProtoKind.Int32, Presence.Always)
            .Add(2, "selector", ProtoKind.String));
}
