using System.Text.Json.Nodes;
using Piksel.Emulator.Kubernetes.Api;
using Piksel.Emulator.Kubernetes.Rest;

namespace Piksel.Emulator.Kubernetes.Crds;

/// <summary>
/// Makes the kinds of CRDs served before the server listens: those given to the builder (as a Helm chart's
/// <c>crds/</c> would install them, replacing older copies) and those already stored in its data directory, so that
/// no client ever sees a moment where they are missing.
/// </summary>
internal static class DefinitionInstaller
{
    /// <summary>Installs <paramref name="manifests"/> (YAML, one or more documents each) and serves every stored CRD.</summary>
    public static void Install(ServerContext context, IReadOnlyList<string> manifests, IValidationRuleCompiler? compiler)
    {
        var type = BuiltInResources.CustomResourceDefinitions;
        foreach (var crd in manifests.SelectMany(Documents))
        {
            DefinitionAdmission.Default(crd);
            var name = Meta.Name(crd) ?? "";
            var (definition, errors) = Definition.Read(crd, compiler);
            if (errors.Count > 0)
                throw new InvalidOperationException($"The CustomResourceDefinition given to the builder cannot be installed: {InvalidObject.Of(type, name, errors).Message}");
            if (definition is null) continue;
            var existing = context.Store.Get(type, "", name)?.ToJsonObject();
            var metadata = Meta.Of(crd);
            var old = existing is null ? null : Meta.Of(existing);
            metadata["uid"] = old?["uid"]?.DeepClone() ?? Guid.NewGuid().ToString();
            metadata["creationTimestamp"] = old?["creationTimestamp"]?.DeepClone() ?? Meta.Timestamp(context.Time.GetUtcNow());
            var generation = old?["generation"]?.GetValue<long>() ?? 0;
            metadata["generation"] = existing is not null && JsonNode.DeepEquals(existing["spec"], crd["spec"]) ? generation : generation + 1;
            metadata["finalizers"] = new JsonArray(Establishment.CleanupFinalizer);
            metadata.Remove("resourceVersion");
            crd["apiVersion"] = type.ApiVersion;
            crd["kind"] = type.Kind;
            crd["status"] = existing?["status"]?.DeepClone();
            // Read once: its rules compiled here serve the establishing too.
            crd["status"] = Establishment.Establish(context.Catalog, definition, crd, context.Time.GetUtcNow());
            context.Store.Put(type, "", definition.Name, crd);
        }
        // CRDs a data directory already holds are served as they are (their stored status stands).
        foreach (var stored in context.Store.List(type, null).Items)
        {
            if (context.Catalog.All.Any(t => t.Custom?.DefinitionName == stored.Name)) continue;
            var crd = stored.ToJsonObject();
            if (Definition.Read(crd, compiler, terminating: crd["metadata"]?["deletionTimestamp"] is not null).Definition is { } definition)
                Establishment.Establish(context.Catalog, definition, crd, context.Time.GetUtcNow());
        }
    }

    private static IEnumerable<JsonObject> Documents(string yaml) =>
        yaml.Split(["\n---\n", "\r\n---\r\n"], StringSplitOptions.RemoveEmptyEntries)
            .Select(d => YamlBodies.ToJson(d.StartsWith("---", StringComparison.Ordinal) ? d[3..] : d))
            .OfType<JsonObject>();
}
