using System.Globalization;
using System.Text.Json.Nodes;
using Piksel.Emulator.Kubernetes.Api;

namespace Piksel.Emulator.Kubernetes.OpenApi;

/// <summary>
/// The <c>paths</c> of the OpenAPI documents: one operation per verb a type serves, with the real operation ids, query
/// parameters and <c>x-kubernetes-group-version-kind</c>. kubectl reads the PATCH operation's <c>fieldValidation</c>
/// parameter to decide that the server validates fields itself.
/// </summary>
internal static class OpenApiPaths
{
    private static readonly (string Name, string Type, string Description)[] ListParameters =
    [
        ("allowWatchBookmarks", "boolean", "allowWatchBookmarks requests watch events with type \"BOOKMARK\"."),
        ("continue", "string", "The continue option should be set when retrieving more results from the server."),
        ("fieldSelector", "string", "A selector to restrict the list of returned objects by their fields. Defaults to everything."),
        ("labelSelector", "string", "A selector to restrict the list of returned objects by their labels. Defaults to everything."),
        ("limit", "integer", "limit is a maximum number of responses to return for a list call."),
        ("resourceVersion", "string", "resourceVersion sets a constraint on what resource versions a request may be served from."),
        ("resourceVersionMatch", "string", "resourceVersionMatch determines how resourceVersion is applied to list calls."),
        ("sendInitialEvents", "boolean", "`sendInitialEvents=true` may be set together with `watch=true`."),
        ("timeoutSeconds", "integer", "Timeout for the list/watch call."),
        ("watch", "boolean", "Watch for changes to the described resources and return them as a stream of add, update, and remove notifications."),
    ];

    private static readonly (string Name, string Type, string Description)[] WriteParameters =
    [
        ("dryRun", "string", "When present, indicates that modifications should not be persisted. Valid values are: - All: all dry run stages will be processed"),
        ("fieldManager", "string", "fieldManager is a name associated with the actor or entity that is making these changes."),
        ("fieldValidation", "string", "fieldValidation instructs the server on how to handle objects in the request (POST/PUT/PATCH) containing unknown or duplicate fields. Valid values are: - Ignore: This will ignore any unknown fields that are silently dropped from the object, and will ignore all but the last duplicate field that the decoder encounters. - Warn: This will send a warning via the standard warning response header for each unknown field that is dropped from the object, and for each duplicate field that is encountered. The request will still succeed if there are no other errors, and will only persist the last of any duplicate fields. This is the default in v1.23+ - Strict: This will fail the request with a BadRequest error if any unknown fields would be dropped from the object, or if any duplicate fields are present. The error returned from the server will contain all unknown and duplicate fields encountered."),
    ];

    private static readonly (string Name, string Type, string Description)[] DeleteParameters =
    [
        ("dryRun", "string", "When present, indicates that modifications should not be persisted."),
        ("gracePeriodSeconds", "integer", "The duration in seconds before the object should be deleted."),
        ("propagationPolicy", "string", "Whether and how garbage collection will be performed: 'Orphan', 'Background' or 'Foreground'."),
    ];

    private static readonly string[] PatchTypes = ["application/json-patch+json", "application/merge-patch+json", "application/strategic-merge-patch+json", "application/apply-patch+yaml"];

    /// <summary>Kinds without a model take no strategic merge patch (as custom resources), and the spec says so: kubectl reads it to choose its patch.</summary>
    private static readonly string[] SchemalessPatchTypes = ["application/json-patch+json", "application/merge-patch+json", "application/apply-patch+yaml"];

    /// <summary>Adds the paths of <paramref name="type"/> to <paramref name="paths"/>.</summary>
    public static void Add(JsonObject paths, ResourceType type, string? definition, bool openApi3)
    {
        var ctx = new Context(type, definition, openApi3);
        var gv = type.GroupVersionPath;
        var collection = type.Namespaced ? $"{gv}/namespaces/{{namespace}}/{type.Plural}" : $"{gv}/{type.Plural}";
        var item = collection + "/{name}";
        var scope = type.Namespaced ? "Namespaced" : "";
        var verbs = type.Verbs;

        var onCollection = new JsonObject();
        if (verbs.Contains("list")) onCollection["get"] = ctx.Operation($"list{ctx.Prefix}{scope}{type.Kind}", "list", ListParameters, type.ListKind);
        if (verbs.Contains("create")) onCollection["post"] = ctx.Operation($"create{ctx.Prefix}{scope}{type.Kind}", "post", WriteParameters, type.Kind, body: true);
        if (verbs.Contains("deletecollection")) onCollection["delete"] = ctx.Operation($"deletecollection{ctx.Prefix}{scope}{type.Kind}", "deletecollection", [.. DeleteParameters, .. ListParameters], "Status");
        if (onCollection.Count > 0) paths[collection] = ctx.WithPathParameters(onCollection, type.Namespaced, named: false);

        ctx.AddItemPaths(paths, item, scope, type.Kind, verbs);
        foreach (var sub in type.Subresources)
        {
            var subVerbs = sub switch
            {
                "status" or "scale" => ["get", "patch", "update"],
                "finalize" => ["update"],
                _ => (IReadOnlyList<string>)["create"],
            };
            ctx.AddItemPaths(paths, $"{item}/{sub}", scope, type.Kind + char.ToUpperInvariant(sub[0]) + sub[1..], subVerbs);
        }
        if (type.Namespaced && verbs.Contains("list"))
            paths[$"{gv}/{type.Plural}"] = ctx.WithPathParameters(new JsonObject { ["get"] = ctx.Operation($"list{ctx.Prefix}{type.Kind}ForAllNamespaces", "list", ListParameters, type.ListKind) }, false, false);
    }

    private sealed class Context(ResourceType type, string? definition, bool openApi3)
    {
        public string Prefix { get; } = string.Concat(type.Group.Replace(".k8s.io", "", StringComparison.Ordinal).Split('.', StringSplitOptions.RemoveEmptyEntries).DefaultIfEmpty("core")
            .Select(p => char.ToUpperInvariant(p[0]) + p[1..])) + char.ToUpperInvariant(type.Version[0]) + type.Version[1..];

        public void AddItemPaths(JsonObject paths, string path, string scope, string name, IReadOnlyList<string> verbs)
        {
            var ops = new JsonObject();
            if (verbs.Contains("get")) ops["get"] = Operation($"read{Prefix}{scope}{name}", "get", [], type.Kind);
            if (verbs.Contains("update")) ops["put"] = Operation($"replace{Prefix}{scope}{name}", "put", WriteParameters, type.Kind, body: true);
            if (verbs.Contains("patch")) ops["patch"] = Operation($"patch{Prefix}{scope}{name}", "patch", [.. WriteParameters, ("force", "boolean", "Force is going to \"force\" Apply requests.")], type.Kind, body: true, patch: true);
            if (verbs.Contains("delete")) ops["delete"] = Operation($"delete{Prefix}{scope}{name}", "delete", DeleteParameters, type.Kind);
            if (verbs.Contains("create") && path.EndsWith("/token", StringComparison.Ordinal)) ops["post"] = Operation($"create{Prefix}{scope}{name}", "post", WriteParameters, "TokenRequest", body: true);
            if (ops.Count > 0) paths[path] = WithPathParameters(ops, type.Namespaced, named: true);
        }

        public JsonObject WithPathParameters(JsonObject ops, bool namespaced, bool named)
        {
            var parameters = new JsonArray();
            if (named) parameters.Add(Parameter("name", "path", "string", $"name of the {type.Kind}", required: true));
            if (namespaced) parameters.Add(Parameter("namespace", "path", "string", "object name and auth scope, such as for teams and projects", required: true));
            parameters.Add(Parameter("pretty", "query", "string", "If 'true', then the output is pretty printed."));
            ops["parameters"] = parameters;
            return ops;
        }

        public JsonObject Operation(string id, string action, (string Name, string Type, string Description)[] query, string responseKind, bool body = false, bool patch = false)
        {
            var op = new JsonObject
            {
                ["description"] = $"{action} {type.Kind}",
                ["operationId"] = id,
                ["tags"] = new JsonArray(Prefix.ToLowerInvariant()),
            };
            var parameters = new JsonArray();
            foreach (var (name, kind, description) in query) parameters.Add(Parameter(name, "query", kind, description));
            var reference = responseKind == type.Kind && definition is not null ? Ref(definition) : new JsonObject { ["type"] = "object" };
            if (body && openApi3)
            {
                var content = new JsonObject();
                foreach (var mediaType in patch ? Patches : ["*/*"])
                    content[mediaType] = new JsonObject { ["schema"] = patch ? new JsonObject { ["type"] = "object" } : reference.DeepClone() };
                op["requestBody"] = new JsonObject { ["content"] = content, ["required"] = true };
            }
            else if (body)
            {
                parameters.Insert(0, new JsonObject { ["in"] = "body", ["name"] = "body", ["required"] = true, ["schema"] = patch ? new JsonObject { ["type"] = "object" } : reference.DeepClone() });
                if (patch) op["consumes"] = new JsonArray([.. Patches.Select(p => (JsonNode)p)]);
            }
            if (parameters.Count > 0) op["parameters"] = parameters;
            var ok = openApi3
                ? new JsonObject { ["description"] = "OK", ["content"] = new JsonObject { ["application/json"] = new JsonObject { ["schema"] = reference.DeepClone() } } }
                : new JsonObject { ["description"] = "OK", ["schema"] = reference.DeepClone() };
            op["responses"] = new JsonObject { ["200"] = ok, ["401"] = new JsonObject { ["description"] = "Unauthorized" } };
            if (!openApi3) op["schemes"] = new JsonArray("https");
            op["x-kubernetes-action"] = action;
            op["x-kubernetes-group-version-kind"] = new JsonObject { ["group"] = type.Group, ["kind"] = type.Kind, ["version"] = type.Version };
            return op;
        }

        private string[] Patches => type.ModelType is null ? SchemalessPatchTypes : PatchTypes;

        private JsonObject Ref(string name) => new() { ["$ref"] = (openApi3 ? "#/components/schemas/" : "#/definitions/") + name };

        private JsonObject Parameter(string name, string @in, string kind, string description, bool required = false)
        {
            var parameter = new JsonObject { ["name"] = name, ["in"] = @in, ["description"] = description };
            if (required) parameter["required"] = true;
            var schema = new JsonObject { ["type"] = kind, ["uniqueItems"] = true };
            if (openApi3) parameter["schema"] = schema;
            else foreach (var (k, v) in schema) parameter[k] = v!.DeepClone();
            return parameter;
        }
    }

    /// <summary>Upper-case hex of a hash (what <c>?hash=</c> carries, as the real server writes it).</summary>
    public static string Hex(byte[] hash) => string.Concat(hash.Select(b => b.ToString("X2", CultureInfo.InvariantCulture)));
}
