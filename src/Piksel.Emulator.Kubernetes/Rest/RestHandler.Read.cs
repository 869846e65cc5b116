using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Piksel.Emulator.Kubernetes.Api;
using Piksel.Emulator.Kubernetes.Storage;

namespace Piksel.Emulator.Kubernetes.Rest;

public sealed partial class RestHandler
{
    private Task GetAsync(ApiContext context)
    {
        var r = context.Request;
        var found = state.Store.Get(r.Type, r.Namespace ?? "", r.Name!) ?? throw StatusException.NotFound(r.Type, r.Name!);
        return ApiResponses.WriteRawAsync(context.Http, found.Json);
    }

    private async Task ListAsync(ApiContext context)
    {
        var r = context.Request;
        var (items, version) = state.Store.List(r.Type, r.Namespace);
        // The list is written straight from the stored bytes: no parse, no re-serialise.
        var http = context.Http;
        http.Response.ContentType = "application/json";
        var head = $$"""{"kind":"{{r.Type.ListKind}}","apiVersion":"{{r.Type.ApiVersion}}","metadata":{"resourceVersion":"{{version.ToString(CultureInfo.InvariantCulture)}}"},"items":[""";
        await http.Response.Body.WriteAsync(Encoding.UTF8.GetBytes(head), context.CancellationToken);
        for (var i = 0; i < items.Count; i++)
        {
            if (i > 0) await http.Response.Body.WriteAsync(","u8.ToArray(), context.CancellationToken);
            await http.Response.Body.WriteAsync(items[i].Json, context.CancellationToken);
        }
        await http.Response.Body.WriteAsync("]}"u8.ToArray(), context.CancellationToken);
    }

    /// <summary>One watch event on one line, flushed at once (KubernetesClient reads them line by line).</summary>
    internal static async Task WriteEventAsync(Microsoft.AspNetCore.Http.HttpContext http, string type, byte[] objectJson, CancellationToken cancellationToken)
    {
        var body = http.Response.Body;
        await body.WriteAsync(Encoding.UTF8.GetBytes($"{{\"type\":\"{type}\",\"object\":"), cancellationToken);
        await body.WriteAsync(objectJson, cancellationToken);
        await body.WriteAsync("}\n"u8.ToArray(), cancellationToken);
        await body.FlushAsync(cancellationToken);
    }

    /// <summary>Serialises a JsonNode for a watch event.</summary>
    internal static byte[] Bytes(JsonNode node) => StoredObject.Serialize(node.AsObject());
}
