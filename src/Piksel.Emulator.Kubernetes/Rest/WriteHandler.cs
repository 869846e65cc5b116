using System.Globalization;
using System.Net;
using System.Text;
using Piksel.Emulator.Kubernetes.Api;
using Piksel.Emulator.Kubernetes.Storage;

namespace Piksel.Emulator.Kubernetes.Rest;

/// <summary>create, update (PUT), delete and deletecollection over HTTP: bodies and answers around <see cref="ObjectWriter"/>.</summary>
internal sealed class WriteHandler(ApiServerState state, ReadHandler reads)
{
    /// <summary>POST: 201 with the stored object.</summary>
    public async Task CreateAsync(ApiContext context)
    {
        var obj = await ApiResponses.ReadObjectAsync(context.Http, context.Request.Type);
        var stored = await state.Writer.CreateAsync(context.ToWrite(), obj);
        await ApiResponses.WriteRawAsync(context.Http, stored.Json, HttpStatusCode.Created);
    }

    /// <summary>PUT; PUT to a missing object creates it.</summary>
    public async Task UpdateAsync(ApiContext context)
    {
        var r = context.Request;
        var obj = await ApiResponses.ReadObjectAsync(context.Http, context.Request.Type);
        if (Meta.Name(obj) is { } given && given != r.Name)
            throw StatusException.BadRequest($"the name of the object ({given}) does not match the name on the URL ({r.Name})");
        var current = state.Store.Get(r.Type, r.Namespace ?? "", r.Name!);
        if (current is null)
        {
            // PUT to a missing object creates it (kubectl replace --force, and what create-on-update kinds allow).
            Meta.Of(obj)["name"] = r.Name;
            var created = await state.Writer.CreateAsync(context.ToWrite(), obj);
            await ApiResponses.WriteRawAsync(context.Http, created.Json, HttpStatusCode.Created);
            return;
        }
        var stored = await state.Writer.ReplaceAsync(context.ToWrite(), current, obj, Meta.ResourceVersion(obj));
        await ApiResponses.WriteRawAsync(context.Http, stored.Json);
    }

    /// <summary>PUT of <c>/status</c> onto <paramref name="current"/>: only the status changes.</summary>
    public async Task UpdateStatusAsync(ApiContext context, StoredObject current)
    {
        var obj = await ApiResponses.ReadObjectAsync(context.Http, context.Request.Type);
        var stored = await state.Writer.ReplaceAsync(context.ToWrite(), current, obj, Meta.ResourceVersion(obj), "status");
        await ApiResponses.WriteRawAsync(context.Http, stored.Json);
    }

    /// <summary>DELETE: 202 while finalizers hold the object, 200 with its last state once it is gone.</summary>
    public async Task DeleteAsync(ApiContext context)
    {
        var r = context.Request;
        var options = await DeleteRequestOptions.ReadAsync(context.Http);
        var (result, status) = await state.Writer.DeleteAsync(context.ToWrite(), r.Namespace ?? "", r.Name!, options);
        await ApiResponses.WriteRawAsync(context.Http, result.Json, status);
    }

    /// <summary>deletecollection: every object the selectors match, each deleted as a DELETE would (finalizers and propagation honoured).</summary>
    public async Task DeleteCollectionAsync(ApiContext context)
    {
        var r = context.Request;
        var options = await DeleteRequestOptions.ReadAsync(context.Http);
        var page = reads.SelectPage(context, paginate: false);
        var deleted = new List<StoredObject>();
        foreach (var o in page.Items)
        {
            try
            {
                var (result, _) = await state.Writer.DeleteAsync(context.ToWrite(), o.Namespace, o.Name, options);
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
