namespace Piksel.Emulator.Kubernetes.Rest.Protobuf;

/// <summary>The rbac.authorization.k8s.io/v1 kinds of <c>kubectl create role|rolebinding|clusterrole|clusterrolebinding</c> (<c>rbac/v1/generated.proto</c>).</summary>
internal static class RbacMessages
{
    private static readonly ProtoMessage PolicyRule = new ProtoMessage()
        .Add(1, "verbs", ProtoKind.String, Presence.Always, repeated: true)
        .Strings(2, "apiGroups")
        .Strings(3, "resources")
        .Strings(4, "resourceNames")
        .Strings(5, "nonResourceURLs");

    private static readonly ProtoMessage Subject = new ProtoMessage()
        .Add(1, "kind", ProtoKind.String, Presence.Always)
        .Add(2, "apiGroup", ProtoKind.String)
        .Add(3, "name", ProtoKind.String, Presence.Always)
        .Add(4, "namespace", ProtoKind.String);

    private static readonly ProtoMessage RoleRef = new ProtoMessage()
        .Add(1, "apiGroup", ProtoKind.String, Presence.Always)
        .Add(2, "kind", ProtoKind.String, Presence.Always)
        .Add(3, "name", ProtoKind.String, Presence.Always);

    private static readonly ProtoMessage LabelSelector = new ProtoMessage()
        .Add(1, "matchLabels", ProtoKind.StringMap)
        .Add(2, "matchExpressions", new ProtoMessage()
            .Add(1, "key", ProtoKind.String, Presence.Always)
            .Add(2, "operator", ProtoKind.String, Presence.Always)
            .Strings(3, "values"), repeated: true);

    public static readonly ProtoMessage Role = new ProtoMessage()
        .Add(1, "metadata", MetaMessages.ObjectMeta)
        .Add(2, "rules", PolicyRule, Presence.Always, repeated: true);

    public static readonly ProtoMessage ClusterRole = new ProtoMessage()
        .Add(1, "metadata", MetaMessages.ObjectMeta)
        .Add(2, "rules", PolicyRule, Presence.Always, repeated: true)
        .Add(3, "aggregationRule", new ProtoMessage().Add(1, "clusterRoleSelectors", LabelSelector, repeated: true), Presence.Pointer);

    public static readonly ProtoMessage RoleBinding = new ProtoMessage()
        .Add(1, "metadata", MetaMessages.ObjectMeta)
        .Add(2, "subjects", Subject, repeated: true)
        .Add(3, "roleRef", RoleRef);
}
