using System.Collections.Frozen;
using System.Reflection;
using System.Text.RegularExpressions;
using k8s.Models;

namespace Piksel.Emulator.Kubernetes.OpenApi;

/// <summary>
/// Maps KubernetesClient model types to the definition names of the real OpenAPI spec
/// (<c>V1ConfigMap</c> → <c>io.k8s.api.core.v1.ConfigMap</c>, <c>V1ObjectMeta</c> → <c>io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta</c>).
/// </summary>
internal static partial class DefinitionNames
{
    /// <summary>The definition name of a model type.</summary>
    public static string Of(Type model)
    {
        if (model == typeof(IntOrString)) return "io.k8s.apimachinery.pkg.util.intstr.IntOrString";
        if (model == typeof(ResourceQuantity)) return "io.k8s.apimachinery.pkg.api.resource.Quantity";
        var (prefix, version, name) = Split(model);
        var package = prefix is not null ? PackageOfGroupPrefix(prefix)
            : MetaTypes.Contains(name) ? "io.k8s.apimachinery.pkg.apis.meta"
            : Packages.Value.TryGetValue(model, out var p) ? p
            : "io.k8s.api.core";
        return $"{package}.{version}.{name}";
    }

    /// <summary>The definition name of <paramref name="model"/>'s kind in another version (<c>io.k8s.api.authentication.v1beta1.SelfSubjectReview</c>).</summary>
    public static string InVersion(Type model, string version)
    {
        var name = Of(model);
        var kindAt = name.LastIndexOf('.');
        var versionAt = name.LastIndexOf('.', kindAt - 1);
        return $"{name[..versionAt]}.{version}{name[kindAt..]}";
    }

    /// <summary>The short name (<c>ConfigMap</c>), what <c>kubectl explain</c> prints as a field's type.</summary>
    public static string ShortName(Type model) => Of(model)[(Of(model).LastIndexOf('.') + 1)..];

    private static (string? Prefix, string Version, string Name) Split(Type model)
    {
        var m = ModelName().Match(model.Name);
        return m.Success ? (m.Groups["grp"].Success ? m.Groups["grp"].Value : null, "v" + m.Groups["ver"].Value, m.Groups["name"].Value) : (null, "v1", model.Name);
    }

    // Corev1Event, Rbacv1Subject: the generator prefixes the group where two groups share a name.
    [GeneratedRegex("^(?<grp>[A-Z][a-z]+)?[Vv](?<ver>[0-9]+(?:alpha[0-9]+|beta[0-9]+)?)(?<name>[A-Z].*)$")]
    private static partial Regex ModelName();

    private static string PackageOfGroupPrefix(string prefix) => prefix.ToLowerInvariant() switch
    {
        "apiextensions" => "io.k8s.apiextensions-apiserver.pkg.apis.apiextensions",
        "apiregistration" => "io.k8s.kube-aggregator.pkg.apis.apiregistration",
        var p => $"io.k8s.api.{p}",
    };

    /// <summary>The Go package of an API group: <c>io.k8s.api.apps</c>, <c>io.k8s.api.rbac</c>, <c>io.k8s.api.core</c> for "".</summary>
    public static string PackageOfGroup(string group) => group switch
    {
        "" => "io.k8s.api.core",
        "apiextensions.k8s.io" => "io.k8s.apiextensions-apiserver.pkg.apis.apiextensions",
        "apiregistration.k8s.io" => "io.k8s.kube-aggregator.pkg.apis.apiregistration",
        _ => $"io.k8s.api.{group.Split('.')[0]}",
    };

    private static readonly FrozenSet<string> MetaTypes = FrozenSet.ToFrozenSet(
    [
        "ObjectMeta", "ListMeta", "LabelSelector", "LabelSelectorRequirement", "ManagedFieldsEntry", "OwnerReference", "Condition",
        "Status", "StatusDetails", "StatusCause", "DeleteOptions", "Preconditions", "APIResource", "APIResourceList", "APIGroup",
        "APIGroupList", "APIVersions", "GroupVersionForDiscovery", "ServerAddressByClientCIDR", "WatchEvent", "Patch", "FieldSelectorRequirement",
    ], StringComparer.Ordinal);

    // Nested types carry no group: they belong to the package of the first kind that uses them, core kinds first
    // (PodTemplateSpec is core although Deployment uses it).
    private static readonly Lazy<FrozenDictionary<Type, string>> Packages = new(() =>
    {
        var packages = new Dictionary<Type, string>();
        var kinds = typeof(V1ConfigMap).Assembly.GetExportedTypes()
            .Select(t => (Type: t, Entity: t.GetCustomAttribute<KubernetesEntityAttribute>()))
            .Where(t => t.Entity is not null && t.Type.Namespace == "k8s.Models")
            .OrderBy(t => t.Entity!.Group.Length == 0 ? 0 : 1).ThenBy(t => t.Entity!.Group, StringComparer.Ordinal).ThenBy(t => t.Type.Name, StringComparer.Ordinal);
        foreach (var (type, entity) in kinds) Visit(type, PackageOfGroup(entity!.Group), packages);
        return packages.ToFrozenDictionary();
    });

    private static void Visit(Type model, string package, Dictionary<Type, string> packages)
    {
        if (!packages.TryAdd(model, package)) return;
        foreach (var property in ModelShape.PropertiesOf(model))
        {
            if (Innermost(property.Shape) is ModelShape.Model nested && nested.ClrType.Namespace == "k8s.Models")
                Visit(nested.ClrType, package, packages);
        }
    }

    /// <summary>The element shape of arrays and maps.</summary>
    public static ModelShape Innermost(ModelShape shape) => shape switch
    {
        ModelShape.Array a => Innermost(a.Items),
        ModelShape.Map m => Innermost(m.Values),
        _ => shape,
    };
}
