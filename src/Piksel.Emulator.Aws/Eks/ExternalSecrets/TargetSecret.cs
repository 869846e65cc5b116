using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Piksel.Emulator.Kubernetes.Api;
using Piksel.Emulator.Kubernetes.Controllers;
using Piksel.Emulator.Kubernetes.Rest;
using Piksel.Emulator.Kubernetes.Storage;

namespace Piksel.Emulator.Aws.Eks.ExternalSecrets;

/// <summary>The Kubernetes Secret an ExternalSecret writes (its <c>target</c>), and whether it is still as the operator left it.</summary>
internal sealed partial class TargetSecret(IControllerClient client)
{
    private const string ManagedLabel = "reconcile.external-secrets.io/managed";
    private const string DataHashAnnotation = "reconcile.external-secrets.io/data-hash";

    /// <summary>
    /// Creates or updates the target Secret per <c>creationPolicy</c> (Owner: owned by the ExternalSecret, so garbage
    /// collection removes it with it; Orphan: not owned; Merge: into an existing Secret; None: not written). A write
    /// happens only when something differs. Returns the target's name.
    /// </summary>
    public async Task<string> WriteAsync(StoredObject es, JsonObject spec, SortedDictionary<string, byte[]> data, CancellationToken cancellationToken)
    {
        var target = spec["target"] as JsonObject ?? [];
        var name = target["name"]?.GetValue<string>() is { Length: > 0 } n ? n : es.Name;
        var policy = target["creationPolicy"]?.GetValue<string>() ?? "Owner";
        if (policy == "None") return name;
        var template = target["template"] as JsonObject;
        data = Render(template, data);
        var encoded = new JsonObject();
        foreach (var (key, bytes) in data) encoded[key] = Convert.ToBase64String(bytes);
        var owner = new JsonObject
        {
            ["apiVersion"] = ExternalSecretsCrds.ExternalSecrets.ApiVersion,
            ["kind"] = ExternalSecretsCrds.ExternalSecrets.Kind,
            ["name"] = es.Name,
            ["uid"] = es.View["metadata"]?["uid"]?.GetValue<string>(),
            ["controller"] = true,
            ["blockOwnerDeletion"] = true,
        };

        void Shape(JsonObject secret)
        {
            var metadata = Meta.Of(secret);
            var labels = metadata["labels"] as JsonObject ?? (JsonObject)(metadata["labels"] = new JsonObject());
            foreach (var (key, value) in template?["metadata"]?["labels"] as JsonObject ?? []) labels[key] = value?.DeepClone();
            labels[ManagedLabel] = "true";
            var annotations = metadata["annotations"] as JsonObject ?? (JsonObject)(metadata["annotations"] = new JsonObject());
            foreach (var (key, value) in template?["metadata"]?["annotations"] as JsonObject ?? []) annotations[key] = value?.DeepClone();
            if (policy == "Merge" && secret["data"] is JsonObject existing)
            {
                foreach (var (key, value) in encoded) existing[key] = value?.DeepClone();
            }
            else
            {
                secret["data"] = encoded.DeepClone();
            }
            // Of the Secret's whole data, as ESO hashes it: an edit of the Secret behind the operator's back shows.
            annotations[DataHashAnnotation] = Hash(secret["data"]!);
            if (policy != "Owner") return;
            var references = metadata["ownerReferences"] as JsonArray ?? (JsonArray)(metadata["ownerReferences"] = new JsonArray());
            if (!references.Any(r => r?["uid"]?.GetValue<string>() == owner["uid"]!.GetValue<string>())) references.Add(owner.DeepClone());
        }

        var current = client.Get(BuiltInResources.Secrets, es.Namespace, name);
        if (current is null)
        {
            if (policy == "Merge") throw new SyncException($"could not update Secret: secrets \"{name}\" not found (creationPolicy Merge)");
            var created = new JsonObject { ["type"] = template?["type"]?.GetValue<string>() ?? "Opaque", ["metadata"] = new JsonObject() };
            Shape(created);
            await client.CreateIfAbsentAsync(BuiltInResources.Secrets, es.Namespace, name, created, cancellationToken);
            return name;
        }
        if (policy == "Owner" && ControllerOf(current) is { } other && other != owner["uid"]!.GetValue<string>())
            throw new SyncException($"could not update Secret: target {name} is already owned by another resource");
        await client.UpdateAsync(current, Shape, cancellationToken: cancellationToken);
        return name;
    }

    /// <summary>
    /// ESO's <c>isSecretValid</c>: the target Secret exists and its data still hashes to what the operator wrote.
    /// With creationPolicy None there is nothing of the operator's to check.
    /// </summary>
    public bool Intact(StoredObject es)
    {
        var target = es.View["spec"]?["target"] as JsonObject ?? [];
        if (target["creationPolicy"]?.GetValue<string>() == "None") return true;
        var name = target["name"]?.GetValue<string>() is { Length: > 0 } n ? n : es.Name;
        return client.Get(BuiltInResources.Secrets, es.Namespace, name) is { } secret
            && secret.Annotations.TryGetValue(DataHashAnnotation, out var written)
            && written == Hash(secret.View["data"] ?? new JsonObject());
    }

    /// <summary>A short content hash (ESO uses MD5 here; the analyzers rule MD5 out, and nothing compares the two).</summary>
    public static string Hash(JsonNode node) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(node.ToJsonString())))[..32];

    /// <summary>
    /// <c>target.template.data</c>: each value is a Go template over the fetched keys (<c>{{ .password }}</c>); with
    /// <c>mergePolicy: Merge</c> the fetched keys stay beside the rendered ones, with Replace (ESO's default) only the
    /// rendered ones are written. Only field references are understood, not template functions.
    /// </summary>
    private static SortedDictionary<string, byte[]> Render(JsonObject? template, SortedDictionary<string, byte[]> data)
    {
        if (template?["data"] is not JsonObject templated) return data;
        var merge = template["mergePolicy"]?.GetValue<string>() == "Merge";
        var result = merge ? new SortedDictionary<string, byte[]>(data, StringComparer.Ordinal) : new SortedDictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var (key, value) in templated)
        {
            var text = value?.GetValue<string>() ?? "";
            var rendered = TemplateField().Replace(text, m =>
                data.TryGetValue(m.Groups[1].Value, out var bytes)
                    ? Encoding.UTF8.GetString(bytes)
                    : throw new SyncException($"could not render template: key \"{key}\" refers to \".{m.Groups[1].Value}\", which the provider did not return"));
            result[key] = Encoding.UTF8.GetBytes(rendered);
        }
        return result;
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"\{\{\s*\.([A-Za-z0-9_\-]+)\s*\}\}")]
    private static partial System.Text.RegularExpressions.Regex TemplateField();

    private static string? ControllerOf(StoredObject secret) =>
        (secret.View["metadata"]?["ownerReferences"] as JsonArray ?? [])
        .FirstOrDefault(r => r?["controller"]?.GetValue<bool>() == true)?["uid"]?.GetValue<string>();
}
