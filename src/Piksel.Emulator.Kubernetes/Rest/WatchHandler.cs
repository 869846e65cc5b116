using System.Buffers;
using System.IO.Pipelines;
using System.Text;
using System.Threading.Channels;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Piksel.Emulator.Kubernetes.Api;
using Piksel.Emulator.Kubernetes.Storage;

namespace Piksel.Emulator.Kubernetes.Rest;

/// <summary>
/// Watch: resourceVersion semantics, streaming lists, bookmarks, timeouts and selectors, as k8s.io/apiserver's watch
/// handler and watch cache serve them. Failures that happen once the watch is accepted (a version too old or too new)
/// are an ERROR event in a 200 stream, not an HTTP error: client-go and KubernetesClient expect them there.
/// </summary>
internal sealed class WatchHandler(ApiServerState state)
{
    private static readonly Dictionary<string, byte[]> EventPrefixes = new[]
    {
        WatchEvent.Added, WatchEvent.Modified, WatchEvent.Deleted, WatchEvent.Bookmark, "ERROR",
    }.ToDictionary(t => t, t => Encoding.UTF8.GetBytes($$"""{"type":"{{t}}","object":"""));

    /// <summary>Serves one watch until it times out, the client goes or the server stops.</summary>
    public async Task WatchAsync(ApiContext context)
    {
        var r = context.Request;
        var http = context.Http;
        var options = WatchOptions.Parse(http.Request.Query);
        var filter = WatchFilter(r, http.Request.Query);

        // The stream ends on timeoutSeconds (or the server's own timeout), when the client goes, or when the server stops.
        var stopping = http.RequestServices?.GetService<IHostApplicationLifetime>()?.ApplicationStopping ?? CancellationToken.None;
        using var timeout = new CancellationTokenSource(options.Timeout, state.Time);
        using var ending = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken, stopping, timeout.Token);

        IReadOnlyList<StoredObject> initial = [];
        long version;
        ObjectStore.Watcher watcher;
        try
        {
            if (options.SendInitialEvents)
            {
                // NotOlderThan: the initial state must be at least as new as the version asked for.
                if (options.ResourceVersion is { } minimum && !await state.Store.WaitForVersionAsync(minimum, state.Options.ResourceVersionWait, state.Time, ending.Token))
                    throw WatchOptions.TooLargeResourceVersion(minimum, state.Store.ResourceVersion);
                (initial, version, watcher) = state.Store.ListAndWatch(r.Type, r.Namespace, filter);
            }
            else
            {
                version = options.ResourceVersion ?? state.Store.ResourceVersion;
                watcher = state.Store.Watch(r.Type, r.Namespace, version, filter);
            }
        }
        catch (StatusException e) when (e.Reason is "Expired" or "Timeout")
        {
            await StartEventStreamAsync(http, ending.Token);
            WriteEvent(http.Response.BodyWriter, "ERROR", StoredObject.Serialize(e.ToStatus()));
            await http.Response.BodyWriter.FlushAsync(ending.Token);
            return;
        }
        catch (OperationCanceledException) when (ending.IsCancellationRequested)
        {
            return;
        }

        using (watcher)
        {
            try
            {
                await StreamAsync(http, watcher, initial, options.SendInitialEvents && options.AllowBookmarks ? version : null, options.AllowBookmarks, ending.Token);
            }
            catch (OperationCanceledException) when (ending.IsCancellationRequested)
            {
                // timeoutSeconds, the server's own timeout or shutdown: the stream simply ends.
            }
            catch (ChannelClosedException)
            {
                // The watcher fell too far behind: the real server closes such a watch and the client re-watches.
            }
        }
    }

    private async Task StreamAsync(HttpContext http, ObjectStore.Watcher watcher, IReadOnlyList<StoredObject> initial, long? initialEventsEnd, bool bookmarks, CancellationToken cancellationToken)
    {
        await StartEventStreamAsync(http, cancellationToken);
        var body = http.Response.BodyWriter;
        foreach (var o in initial)
        {
            WriteEvent(body, WatchEvent.Added, o.Json);
            if (body.UnflushedBytes > 64 * 1024) await body.FlushAsync(cancellationToken);
        }
        if (initialEventsEnd is { } end)
            WriteEvent(body, WatchEvent.Bookmark, ObjectStore.BookmarkObject(watcher.Type, end, initialEventsEnd: true).Json);
        await body.FlushAsync(cancellationToken);

        var interval = state.Store.BookmarkInterval;
        using var bookmarkTimer = bookmarks ? state.Time.CreateTimer(_ => watcher.RequestBookmark(), null, interval, interval) : null;
        var events = watcher.Events;
        while (await events.WaitToReadAsync(cancellationToken))
        {
            // Write what is queued, then flush: every event reaches the client at once, bursts in one flush.
            while (events.TryRead(out var change)) WriteEvent(body, change.Type, change.Object.Json);
            await body.FlushAsync(cancellationToken);
        }
    }

    private static async Task StartEventStreamAsync(HttpContext http, CancellationToken cancellationToken)
    {
        http.Response.StatusCode = StatusCodes.Status200OK;
        http.Response.ContentType = "application/json";
        await http.Response.StartAsync(cancellationToken);
    }

    /// <summary>One event on one line: <c>{"type":"ADDED","object":{…}}</c> and a newline (KubernetesClient reads line by line).</summary>
    private static void WriteEvent(PipeWriter body, string type, byte[] objectJson)
    {
        body.Write(EventPrefixes[type]);
        body.Write(objectJson);
        body.Write("}\n"u8);
    }

    /// <summary>The label and field selectors, and the name of a watch on one object (<c>…/configmaps/x?watch=1</c>).</summary>
    private static Func<StoredObject, bool>? WatchFilter(ApiRequest request, IQueryCollection query)
    {
        var labels = LabelSelector.Parse(query["labelSelector"].ToString());
        var fields = FieldSelector.Parse(query["fieldSelector"].ToString(), request.Type);
        var name = request.Name;
        var anyLabels = ReferenceEquals(labels, LabelSelector.Everything);
        var anyFields = ReferenceEquals(fields, FieldSelector.Everything);
        if (anyLabels && anyFields && name is null) return null;
        return o => (name is null || o.Name == name) && (anyFields || fields.Matches(o)) && (anyLabels || labels.Matches(o.Labels));
    }
}
