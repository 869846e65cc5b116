using System.Globalization;
using System.Text;
using Piksel.Emulator.Kubernetes.Api;
using Piksel.Emulator.Kubernetes.Storage;

namespace Piksel.Emulator.Kubernetes.Rest;

// deletecollection: every object the selectors match, each deleted as a DELETE would (finalizers and propagation honoured).
public sealed partial class RestHandler
{
    private async Task DeleteCollectionAsync(ApiContext context)
    {
        var r = context.Request;
        var options = await DeleteRequestOptions.ReadAsync(context.Http);
        var page = SelectPage(context, paginate: false);
        var deleted = new List<StoredObject>();
        foreach (var o in page.Items)
        {
            try
            {
                var (result, _) = await DeleteObjectAsync(context, o.Namespace, o.Name, options);
                deleted.Add(result);
            }
            catch (StatusException e) when (e.Reason == "NotFound")
            {
                // Deleted concurrently: nothing left to do for it.
            }
        }
        // Answered like a list of what was deleted (their last state), as the real server's DeleteCollection does.
        var http = context.Http;
        http.Response.ContentType = "application/json";
        var version = state.Store.ResourceVersion.ToString(CultureInfo.InvariantCulture);
        var head = $$"""{"kind":"{{r.Type.ListKind}}","apiVersion":"{{r.Type.ApiVersion}}","metadata":{"resourceVersion":"{{version}}"},"items":[""";
        await http.Response.Body.WriteAsync(Encoding.UTF8.GetBytes(head), context.CancellationToken);
        for (var i = 0; i < deleted.Count; i++)
        {
            if (i > 0) await http.Response.Body.WriteAsync(","u8.ToArray(), context.CancellationToken);
            await http.Response.Body.WriteAsync(deleted[i].Json, context.CancellationToken);
        }
        await http.Response.Body.WriteAsync("]}"u8.ToArray(), context.CancellationToken);
    }
}
