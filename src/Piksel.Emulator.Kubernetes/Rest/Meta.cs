using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Piksel.Emulator.Kubernetes.Api;

namespace Piksel.Emulator.Kubernetes.Rest;

/// <summary>Reading and defaulting <c>metadata</c>.</summary>
public static partial class Meta
{
    /// <summary>metadata (created when absent).</summary>
    public static JsonObject Of(JsonObject obj) => obj["metadata"] as JsonObject ?? (JsonObject)(obj["metadata"] = new JsonObject());

    public static string? Name(JsonObject obj) => (obj["metadata"] as JsonObject)?["name"]?.GetValue<string>();
    public static string? Namespace(JsonObject obj) => (obj["metadata"] as JsonObject)?["namespace"]?.GetValue<string>();
    public static string? ResourceVersion(JsonObject obj) => (obj["metadata"] as JsonObject)?["resourceVersion"]?.GetValue<string>();

    /// <summary>Finalizers of an object.</summary>
    public static IReadOnlyList<string> Finalizers(JsonObject obj) =>
        (obj["metadata"] as JsonObject)?["finalizers"] is JsonArray a ? [.. a.Select(f => f!.GetValue<string>())] : [];

    /// <summary>RFC 3339 timestamps as the API server writes them (seconds, Z).</summary>
    public static string Timestamp(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>A DNS-1123 subdomain (most object names): lower-case alphanumerics, '-' and '.', at most 253.</summary>
    [GeneratedRegex(@"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")]
    public static partial Regex Dns1123Subdomain();

    /// <summary>A DNS-1123 label (namespaces, services): at most 63.</summary>
    [GeneratedRegex(@"^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")]
    public static partial Regex Dns1123Label();

    /// <summary>Checks a name as the API server does for the kind; 422 Invalid when it is not.</summary>
    public static void ValidateName(ResourceType type, string name)
    {
        var label = type.Kind is "Namespace" or "Service";
        var ok = label ? name.Length <= 63 && Dns1123Label().IsMatch(name) : name.Length <= 253 && Dns1123Subdomain().IsMatch(name);
        if (type.Group == "rbac.authorization.k8s.io") ok = name.Length > 0 && !name.Contains('/', StringComparison.Ordinal) && name is not "." and not "..";
        if (!ok)
        {
            var what = label
                ? "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')"
                : "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
            throw StatusException.Invalid(type, name, ("metadata.name", "FieldValueInvalid", $"Invalid value: \"{name}\": {what}"));
        }
    }
}
