using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Piksel.Emulator.Kubernetes.Admission;
using Piksel.Emulator.Kubernetes.Api;
using Piksel.Emulator.Kubernetes.Rest;

namespace Piksel.Emulator.Kubernetes.Controllers;

/// <summary>
/// <c>PUT /api/v1/namespaces/{name}/finalize</c>: the only way to change spec.finalizers (the namespace controller
/// uses it to let go of an emptied namespace; people use it to force a stuck one). Everything but spec.finalizers
/// is kept from the stored object. Once neither spec.finalizers nor metadata.finalizers holds a namespace being
/// deleted, the write removes it.
/// </summary>
public static partial class NamespaceFinalize
{
    /// <summary>Serves <c>namespaces/finalize</c>.</summary>
    public static async Task HandleAsync(ApiContext context)
    {
        var r = context.Request;
        if (r.Verb != "update") throw StatusException.MethodNotAllowed("the server does not allow this method on the requested resource");
        var type = BuiltInResources.Namespaces;
        var current = context.State.Store.Get(type, "", r.Name!) ?? throw StatusException.NotFound(type, r.Name!);
        var body = await ApiResponses.ReadObjectAsync(context.Http, type);
        if (Meta.Name(body) is { } given && given != r.Name)
            throw StatusException.BadRequest($"the name of the object ({given}) does not match the name on the URL ({r.Name})");
        var wanted = body["spec"]?["finalizers"] is JsonArray a ? a.Select(f => f?.GetValue<string>() ?? "").ToList() : [];
        foreach (var f in wanted) Validate(r.Name!, f);

        var obj = current.ToJsonObject();
        var spec = obj["spec"] as JsonObject ?? (JsonObject)(obj["spec"] = new JsonObject());
        if (wanted.Count == 0) spec.Remove("finalizers");
        else spec["finalizers"] = new JsonArray([.. wanted.Select(f => (JsonNode)f)]);
        // Field validation is not asked for here: only spec.finalizers is read from the body.
        var stored = await context.State.Writer.ReplaceAsync(context.ToWrite() with { ValidateFields = null }, current, obj, Meta.ResourceVersion(body), "finalize");
        await ApiResponses.WriteRawAsync(context.Http, stored.Json, HttpStatusCode.OK);
    }

    /// <summary>A finalizer is a standard one (<c>kubernetes</c>, <c>orphan</c>, <c>foregroundDeletion</c>) or a qualified name with a prefix.</summary>
    private static void Validate(string ns, string finalizer)
    {
        var standard = finalizer is NamespaceAdmission.KubernetesFinalizer or "orphan" or "foregroundDeletion";
        if (standard || (finalizer.Contains('/', StringComparison.Ordinal) && QualifiedName().IsMatch(finalizer))) return;
        throw StatusException.Invalid(BuiltInResources.Namespaces, ns,
            ("spec.finalizers", "FieldValueInvalid", $"Invalid value: \"{finalizer}\": name is neither a standard finalizer name nor is it fully qualified"));
    }

    [GeneratedRegex(@"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$")]
    private static partial Regex QualifiedName();
}
