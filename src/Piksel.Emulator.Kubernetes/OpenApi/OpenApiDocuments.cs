using System.Security.Cryptography;
using System.Text.Json.Nodes;
using k8s.Models;
using Piksel.Emulator.Kubernetes.Api;

namespace Piksel.Emulator.Kubernetes.OpenApi;

/// <summary>
/// The server's OpenAPI documents (<c>/openapi/v2</c>, the <c>/openapi/v3</c> index and one v3 document per group-version),
/// generated from the catalog and kept until the catalog changes (custom resource definitions add and remove types).
/// </summary>
public sealed class OpenApiDocuments(ServerContext context)
{
    private readonly Lock gate = new();
    private Snapshot? current;

    /// <summary>One generation of the documents, serialised.</summary>
    /// <param name="GroupVersions">Per group-version path (<c>api/v1</c>, <c>apis/apps/v1</c>): the document and its hash.</param>
    public sealed record Snapshot(string Fingerprint, byte[] V2, byte[] V2Protobuf, string V2Hash, byte[] V3Index, IReadOnlyDictionary<string, (byte[] Json, string Hash)> GroupVersions);

    /// <summary>The documents for the catalog as it is now.</summary>
    public Snapshot Current
    {
        get
        {
            var types = context.Catalog.All;
            var fingerprint = Fingerprint(types);
            lock (gate)
            {
                if (current?.Fingerprint != fingerprint) current = Build(fingerprint, types);
                return current;
            }
        }
    }

    private static string Fingerprint(IReadOnlyList<ResourceType> types) => string.Join('|', types
        .Select(t => $"{t.Group}/{t.Version}/{t.Plural}/{t.Kind}/{t.Namespaced}/{string.Join(',', t.Verbs)}/{string.Join(',', t.Subresources)}/{t.ModelType?.FullName}/{t.Custom?.Fingerprint}")
        .Order(StringComparer.Ordinal));

    private Snapshot Build(string fingerprint, IReadOnlyList<ResourceType> types)
    {
        var info = new JsonObject { ["title"] = "Kubernetes", ["version"] = $"v{context.Options.KubernetesVersion}.0" };
        var v2 = new JsonObject
        {
            ["swagger"] = "2.0",
            ["info"] = info.DeepClone(),
            ["paths"] = Paths(types, openApi3: false, out var v2Definitions),
            ["definitions"] = Definitions(v2Definitions),
            ["securityDefinitions"] = new JsonObject { ["BearerToken"] = BearerToken() },
            ["security"] = new JsonArray(new JsonObject { ["BearerToken"] = new JsonArray() }),
        };
        var groupVersions = new SortedDictionary<string, (byte[], string)>(StringComparer.Ordinal);
        var index = new JsonObject();
        foreach (var gv in types.GroupBy(t => t.GroupVersionPath.TrimStart('/')).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var doc = new JsonObject
            {
                ["openapi"] = "3.0.0",
                ["info"] = info.DeepClone(),
                ["paths"] = Paths([.. gv], openApi3: true, out var schemas),
                ["components"] = new JsonObject
                {
                    ["schemas"] = Definitions(schemas),
                    ["securitySchemes"] = new JsonObject { ["BearerToken"] = BearerToken() },
                },
            };
            var json = JsonBytes.Of(doc);
            var hash = OpenApiPaths.Hex(SHA512.HashData(json));
            groupVersions[gv.Key] = (json, hash);
            index[gv.Key] = new JsonObject { ["serverRelativeURL"] = $"/openapi/v3/{gv.Key}?hash={hash}" };
        }
        var v2Json = JsonBytes.Of(v2);
        return new Snapshot(fingerprint, v2Json, SwaggerProtobuf.Encode(v2), OpenApiPaths.Hex(SHA512.HashData(v2Json)), JsonBytes.Of(new JsonObject { ["paths"] = index }), groupVersions);
    }

    private static JsonObject BearerToken() => new()
    {
        ["description"] = "Bearer Token authentication",
        ["type"] = "apiKey",
        ["name"] = "authorization",
        ["in"] = "header",
    };

    private static JsonObject Paths(IReadOnlyList<ResourceType> types, bool openApi3, out SchemaBuilder schemas)
    {
        schemas = new SchemaBuilder(openApi3);
        schemas.Add(typeof(V1Status));
        schemas.Add(typeof(V1DeleteOptions));
        var paths = new JsonObject();
        foreach (var type in types.OrderBy(t => t.GroupVersionPath, StringComparer.Ordinal).ThenBy(t => t.Plural, StringComparer.Ordinal))
        {
            string? definition = null;
            if (type.Custom?.Schema is { } custom)
            {
                definition = schemas.AddCustom(custom, type.Group, type.Version, type.Kind);
            }
            else if (type.ModelType is { } model)
            {
                definition = schemas.AddKind(model, type.Group, type.Version, type.Kind);
                if (model.Assembly.GetType(model.FullName + "List") is { } list) schemas.AddKind(list, type.Group, type.Version, type.ListKind);
            }
            else if (!BuiltInResources.IsVirtual(type))
            {
                definition = schemas.AddSchemaless(type.Group, type.Version, type.Kind);
            }
            OpenApiPaths.Add(paths, type, definition, openApi3);
        }
        return paths;
    }

    private static JsonObject Definitions(SchemaBuilder schemas)
    {
        var definitions = new JsonObject();
        foreach (var (name, schema) in schemas.Definitions) definitions[name] = schema.DeepClone();
        return definitions;
    }
}
