using System.Text.Json.Nodes;
using Piksel.Platform.Spec.Kubernetes;
using Piksel.Shared;

namespace Piksel.Platform.Kubernetes.Handlers;

/// <summary>
/// The External Secrets Operator v1 objects (<c>external-secrets.io/v1</c>) the platform writes, and the fields of
/// them it reads back: a spec record to its manifest and a live object to the spec record.
/// </summary>
public static class EsoManifests
{
    /// <summary>The API group.</summary>
    public const string Group = "external-secrets.io";

    /// <summary>The API version.</summary>
    public const string Version = "v1";

    /// <summary>The resource of ExternalSecrets.</summary>
    public const string ExternalSecrets = "externalsecrets";

    /// <summary>The resource of ClusterSecretStores.</summary>
    public const string ClusterSecretStores = "clustersecretstores";

    /// <summary>The manifest of a ClusterSecretStore for AWS authenticating with a service account's IRSA role.</summary>
    public static JsonObject StoreManifest(ClusterSecretStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        return new JsonObject
        {
            ["apiVersion"] = $"{Group}/{Version}",
            ["kind"] = "ClusterSecretStore",
            ["metadata"] = Metadata(store.Name, null, store.Labels, store.Annotations),
            ["spec"] = new JsonObject
            {
                ["provider"] = new JsonObject
                {
                    ["aws"] = new JsonObject
                    {
                        ["service"] = store.Service,
                        ["region"] = store.Region,
                        ["auth"] = new JsonObject
                        {
                            ["jwt"] = new JsonObject
                            {
                                ["serviceAccountRef"] = new JsonObject { ["name"] = store.ServiceAccountName, ["namespace"] = store.ServiceAccountNamespace },
                            },
                        },
                    },
                },
            },
        };
    }

    /// <summary>
    /// The manifest of an ExternalSecret: remote keys as <c>spec.data[].remoteRef</c>, literal keys through
    /// <c>spec.target.template.data</c> with mergePolicy Merge (so the remote keys stay in the Secret beside them).
    /// </summary>
    public static JsonObject ExternalSecretManifest(ExternalSecret secret)
    {
        ArgumentNullException.ThrowIfNull(secret);
        var data = new JsonArray();
        var literals = new JsonObject();
        foreach (var key in secret.Keys)
        {
            if (key.Literal is not null)
            {
                literals[key.SecretKey] = key.Literal;
                continue;
            }

            var remoteRef = new JsonObject { ["key"] = key.RemoteKey };
            if (key.Property is not null)
            {
                remoteRef["property"] = key.Property;
            }

            data.Add(new JsonObject { ["secretKey"] = key.SecretKey, ["remoteRef"] = remoteRef });
        }

        var target = new JsonObject { ["name"] = secret.Name, ["creationPolicy"] = "Owner" };
        if (literals.Count > 0)
        {
            target["template"] = new JsonObject { ["mergePolicy"] = "Merge", ["data"] = literals };
        }

        var spec = new JsonObject
        {
            ["refreshInterval"] = GoDuration.Format(secret.RefreshInterval),
            ["secretStoreRef"] = new JsonObject { ["name"] = secret.StoreName, ["kind"] = secret.StoreKind },
            ["target"] = target,
        };
        if (data.Count > 0)
        {
            spec["data"] = data;
        }

        return new JsonObject
        {
            ["apiVersion"] = $"{Group}/{Version}",
            ["kind"] = "ExternalSecret",
            ["metadata"] = Metadata(secret.Name, secret.Namespace, secret.Labels, secret.Annotations),
            ["spec"] = spec,
        };
    }

    /// <summary>The store's fields the platform owns, from a live object, over <paramref name="template"/> (its identity and metadata).</summary>
    public static ClusterSecretStore StoreOf(JsonObject live, ClusterSecretStore template)
    {
        ArgumentNullException.ThrowIfNull(live);
        ArgumentNullException.ThrowIfNull(template);
        var aws = live["spec"]?["provider"]?["aws"];
        var account = aws?["auth"]?["jwt"]?["serviceAccountRef"];
        return template with
        {
            Region = Text(aws?["region"]) ?? "",
            Service = Text(aws?["service"]) ?? "",
            ServiceAccountName = Text(account?["name"]) ?? "",
            ServiceAccountNamespace = Text(account?["namespace"]) ?? "",
        };
    }

    /// <summary>
    /// The ExternalSecret's fields the platform owns, from a live object, over <paramref name="template"/>. Keys come
    /// back in <paramref name="order"/>'s order (the manifest splits remote and literal keys, which loses it), any
    /// others after them.
    /// </summary>
    public static ExternalSecret ExternalSecretOf(JsonObject live, ExternalSecret template, IReadOnlyList<ExternalSecretKey>? order)
    {
        ArgumentNullException.ThrowIfNull(live);
        ArgumentNullException.ThrowIfNull(template);
        var spec = live["spec"];
        var keys = new List<ExternalSecretKey>();
        foreach (var item in (spec?["data"] as JsonArray ?? []).OfType<JsonObject>())
        {
            keys.Add(new ExternalSecretKey
            {
                SecretKey = Text(item["secretKey"]) ?? "",
                RemoteKey = Text(item["remoteRef"]?["key"]),
                Property = Text(item["remoteRef"]?["property"]),
            });
        }

        if (spec?["target"]?["template"]?["data"] is JsonObject literals)
        {
            foreach (var (name, value) in literals)
            {
                keys.Add(ExternalSecretKey.Of(name, Text(value) ?? ""));
            }
        }

        if (order is not null)
        {
            var position = order.Select((k, i) => (k.SecretKey, i)).GroupBy(p => p.SecretKey, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().i, StringComparer.Ordinal);
            keys = [.. keys.Select((k, i) => (k, i)).OrderBy(p => position.TryGetValue(p.k.SecretKey, out var at) ? at : order.Count + p.i).Select(p => p.k)];
        }

        var interval = Text(spec?["refreshInterval"]);
        return template with
        {
            StoreName = Text(spec?["secretStoreRef"]?["name"]) ?? "",
            StoreKind = Text(spec?["secretStoreRef"]?["kind"]) ?? "SecretStore",

            // An interval the platform cannot read is drift: -1s never equals a desired interval.
            RefreshInterval = interval is not null && GoDuration.TryParse(interval, out var duration) ? duration : TimeSpan.FromSeconds(-1),
            Keys = keys,
        };
    }

    private static JsonObject Metadata(string name, string? ns, IReadOnlyDictionary<string, string> labels, IReadOnlyDictionary<string, string> annotations)
    {
        var metadata = new JsonObject { ["name"] = name };
        if (ns is not null)
        {
            metadata["namespace"] = ns;
        }

        if (labels.Count > 0)
        {
            metadata["labels"] = Map(labels);
        }

        if (annotations.Count > 0)
        {
            metadata["annotations"] = Map(annotations);
        }

        return metadata;
    }

    private static JsonObject Map(IReadOnlyDictionary<string, string> map)
    {
        var json = new JsonObject();
        foreach (var (key, value) in map)
        {
            json[key] = value;
        }

        return json;
    }

    private static string? Text(JsonNode? node) => node is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
}
