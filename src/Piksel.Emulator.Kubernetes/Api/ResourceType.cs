namespace Piksel.Emulator.Kubernetes.Api;

/// <summary>One served resource: where it lives in the API, what it is called, what may be done with it.</summary>
public sealed record ResourceType
{
    /// <summary>API group; empty for the core group.</summary>
    public required string Group { get; init; }
    public required string Version { get; init; }
    public required string Kind { get; init; }
    /// <summary>Lower-case plural used in paths (<c>configmaps</c>).</summary>
    public required string Plural { get; init; }
    public required string Singular { get; init; }
    public required bool Namespaced { get; init; }
    public IReadOnlyList<string> ShortNames { get; init; } = [];
    public IReadOnlyList<string> Categories { get; init; } = [];
    /// <summary>Subresources beyond the main resource (<c>status</c>, <c>token</c>, <c>finalize</c>).</summary>
    public IReadOnlyList<string> Subresources { get; init; } = [];
    /// <summary>Verbs of the main resource.</summary>
    public IReadOnlyList<string> Verbs { get; init; } = StandardVerbs;
    /// <summary>The KubernetesClient model type (for OpenAPI schemas and strategic-merge metadata); null for kinds without one.</summary>
    public Type? ModelType { get; init; }
    /// <summary>What a CustomResourceDefinition says of this kind (schema, printer columns, scale); null for built-in kinds.</summary>
    public Crds.CustomResource? Custom { get; init; }

    /// <summary>create, delete, deletecollection, get, list, patch, update, watch.</summary>
    public static IReadOnlyList<string> StandardVerbs { get; } = ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"];

    /// <summary><c>v1</c> or <c>apps/v1</c>.</summary>
    public string ApiVersion => Group.Length == 0 ? Version : $"{Group}/{Version}";

    /// <summary><c>configmaps</c> or <c>deployments.apps</c>: unique across groups; the storage key's prefix.</summary>
    public string GroupResource => Group.Length == 0 ? Plural : $"{Plural}.{Group}";

    /// <summary>The list kind (<c>ConfigMapList</c>).</summary>
    public string ListKind => Custom?.ListKind ?? Kind + "List";

    /// <summary>The path prefix of this group-version: <c>/api/v1</c> or <c>/apis/apps/v1</c>.</summary>
    public string GroupVersionPath => Group.Length == 0 ? $"/api/{Version}" : $"/apis/{Group}/{Version}";
}
