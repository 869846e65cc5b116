namespace Piksel.Emulator.Kubernetes.Rest.Protobuf;

/// <summary>
/// The authentication and authorization requests kubectl 1.33 sends as protobuf (<c>create token</c>, <c>auth whoami</c>,
/// <c>auth can-i</c> and <c>auth can-i --list</c>) and TokenReview; field numbers from <c>authentication/v1</c> and <c>authorization/v1</c>
/// <c>generated.proto</c> (v1alpha1 and v1beta1 SelfSubjectReview share v1's). Only what the request carries: the
/// handlers answer with a status of their own.
/// </summary>
internal static class ReviewMessages
{
    public static readonly ProtoMessage TokenRequest = new ProtoMessage()
        .Add(1, "metadata", MetaMessages.ObjectMeta)
        .Add(2, "spec", new ProtoMessage()
            .Add(1, "audiences", ProtoKind.String, Presence.Always, repeated: true)
            .Add(4, "expirationSeconds", ProtoKind.Int64, Presence.Pointer)
            .Add(3, "boundObjectRef", new ProtoMessage()
                .Add(1, "kind", ProtoKind.String)
                .Add(2, "apiVersion", ProtoKind.String)
                .Add(3, "name", ProtoKind.String)
                .Add(4, "uid", ProtoKind.String), Presence.Pointer));

    public static readonly ProtoMessage TokenReview = new ProtoMessage()
        .Add(1, "metadata", MetaMessages.ObjectMeta)
        .Add(2, "spec", new ProtoMessage().Add(1, "token", ProtoKind.String).Strings(2, "audiences"));

    public static readonly ProtoMessage SelfSubjectReview = new ProtoMessage().Add(1, "metadata", MetaMessages.ObjectMeta);

    private static readonly ProtoMessage SelectorRequirement = new ProtoMessage()
        .Add(1, "key", ProtoKind.String, Presence.Always)
        .Add(2, "operator", ProtoKind.String, Presence.Always)
        .Strings(3, "values");

    private static ProtoMessage SelectorAttributes() => new ProtoMessage()
        .Add(1, "rawSelector", ProtoKind.String)
        .Add(2, "requirements", SelectorRequirement, repeated: true);

    public static readonly ProtoMessage SelfSubjectAccessReview = new ProtoMessage()
        .Add(1, "metadata", MetaMessages.ObjectMeta)
        .Add(2, "spec", new ProtoMessage()
            .Add(1, "resourceAttributes", new ProtoMessage()
                .Add(1, "namespace", ProtoKind.String)
                .Add(2, "verb", ProtoKind.String)
                .Add(3, "group", ProtoKind.String)
                .Add(4, "version", ProtoKind.String)
                .Add(5, "resource", ProtoKind.String)
                .Add(6, "subresource", ProtoKind.String)
                .Add(7, "name", ProtoKind.String)
                .Add(8, "fieldSelector", SelectorAttributes(), Presence.Pointer)
                .Add(9, "labelSelector", SelectorAttributes(), Presence.Pointer), Presence.Pointer)
            .Add(2, "nonResourceAttributes", new ProtoMessage()
                .Add(1, "path", ProtoKind.String)
                .Add(2, "verb", ProtoKind.String), Presence.Pointer));

    public static readonly ProtoMessage SelfSubjectRulesReview = new ProtoMessage()
        .Add(1, "metadata", MetaMessages.ObjectMeta)
        .Add(2, "spec", new ProtoMessage().Add(1, "namespace", ProtoKind.String));
}
