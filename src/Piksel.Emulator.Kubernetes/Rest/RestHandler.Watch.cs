using System.Globalization;
using Piksel.Emulator.Kubernetes.Api;
using Piksel.Emulator.Kubernetes.Storage;

namespace Piksel.Emulator.Kubernetes.Rest;

// Watch: resourceVersion semantics, bookmarks, timeouts, selectors.
public sealed partial class RestHandler
{
    private async Task WatchAsync(ApiContext context)
    {
        var r = context.Request;
        var rvText = context.Http.Request.Query["resourceVersion"].ToString();
        var initial = new List<StoredObject>();
        long after;
        if (rvText is "" or "0")
        {
            // "0" and unset: the current state as ADDED events, then changes (the store replays anything written in between).
            var (items, version) = state.Store.List(r.Type, r.Namespace);
            initial.AddRange(items);
            after = version;
        }
        else if (!long.TryParse(rvText, CultureInfo.InvariantCulture, out after))
        {
            throw StatusException.BadRequest($"invalid resource version \"{rvText}\"");
        }

        using var watcher = state.Store.Watch(r.Type, r.Namespace, after);
        var http = context.Http;
        http.Response.StatusCode = 200;
        http.Response.ContentType = "application/json";
        await http.Response.StartAsync(context.CancellationToken);
        foreach (var o in initial) await WriteEventAsync(http, WatchEvent.Added, o.Json, context.CancellationToken);
        await http.Response.Body.FlushAsync(context.CancellationToken);
        try
        {
            await foreach (var change in watcher.Events.ReadAllAsync(context.CancellationToken))
                await WriteEventAsync(http, change.Type, change.Object.Json, context.CancellationToken);
        }
        catch (OperationCanceledException) when (context.CancellationToken.IsCancellationRequested)
        {
        }
    }

}
