using System.Globalization;
using System.Text;
using Piksel.Emulator.Kubernetes.Api;
using Piksel.Emulator.Kubernetes.Storage;

namespace Piksel.Emulator.Kubernetes.Rest;

/// <summary>get and list: selectors, limit/continue, resourceVersion parameters, Table output.</summary>
internal sealed class ReadHandler(ApiServerState state)
{
    private ListPages? pages;

    private ListPages Pages => LazyInitializer.EnsureInitialized(ref pages, () => new ListPages(state));

    /// <summary>Serves a get (as a Table when asked).</summary>
    public async Task GetAsync(ApiContext context)
    {
        await WaitForResourceVersionAsync(context);
        var r = context.Request;
        var found = state.Store.Get(r.Type, r.Namespace ?? "", r.Name!) ?? throw StatusException.NotFound(r.Type, r.Name!);
        if (Tables.Requested(context.Http) is { } tableVersion)
        {
            await ApiResponses.WriteJsonAsync(context.Http, Tables.Build(context, tableVersion, [found.View], found.ResourceVersion.ToString(CultureInfo.InvariantCulture), null, null));
            return;
        }
        await ApiResponses.WriteRawAsync(context.Http, found.Json);
    }

    /// <summary>
    /// A read from a resourceVersion the store has not reached waits for it a little (the watch cache's
    /// waitUntilFreshAndBlock), then fails 504 "Too large resource version" with a retry hint, as kube-apiserver does.
    /// </summary>
    private async Task WaitForResourceVersionAsync(ApiContext context)
    {
        var rv = context.Http.Request.Query["resourceVersion"].ToString();
        if (rv is "" or "0" || !long.TryParse(rv, NumberStyles.None, CultureInfo.InvariantCulture, out var wanted)) return;
        if (wanted <= state.Store.ResourceVersion) return;
        if (!await state.Store.WaitForVersionAsync(wanted, state.Options.ResourceVersionWait, state.Time, context.CancellationToken))
            throw WatchOptions.TooLargeResourceVersion(wanted, state.Store.ResourceVersion);
    }

    /// <summary>One page of a list: the matching objects, the list's version, and the continuation when more remain.</summary>
    public sealed record ListPage(IReadOnlyList<StoredObject> Items, long Version, string? Continue, long? RemainingItemCount);

    /// <summary>Reads the list parameters (selectors, limit, continue, resourceVersion) and selects one page.</summary>
    public ListPage SelectPage(ApiContext context, bool paginate = true)
    {
        var r = context.Request;
        var query = context.Http.Request.Query;
        var labels = LabelSelector.Parse(query["labelSelector"]);
        var fields = FieldSelector.Parse(query["fieldSelector"], r.Type);
        var continueToken = query["continue"].ToString();
        var rv = query["resourceVersion"].ToString();
        var rvMatch = query["resourceVersionMatch"].ToString();
        if (rvMatch is not ("" or "Exact" or "NotOlderThan"))
            throw StatusException.BadRequest($"resourceVersionMatch: Unsupported value: \"{rvMatch}\": supported values: \"Exact\", \"NotOlderThan\"");
        if (rvMatch.Length > 0 && rv.Length == 0)
            throw StatusException.BadRequest("resourceVersionMatch is forbidden unless resourceVersion is provided");
        if (rv.Length > 0 && !long.TryParse(rv, NumberStyles.None, CultureInfo.InvariantCulture, out _))
            throw StatusException.BadRequest($"invalid resource version \"{rv}\"");
        if (continueToken.Length > 0 && rv is not ("" or "0"))
            throw StatusException.BadRequest("specifying resource version is not allowed when using continue");
        var limit = RequestOptions.Integer(query, "limit") ?? 0;
        // Parsed with the other list options (and refused as they are when malformed), though a list does not time out.
        RequestOptions.Integer(query, "timeoutSeconds");
        // resourceVersion=0 without a continue is served from the watch cache in a real server, which ignores limit.
        if (!paginate || (rv == "0" && continueToken.Length == 0)) limit = 0;

        var (items, version, start) = Pages.Source(r.Type, r.Namespace, continueToken);
        var selected = new List<StoredObject>();
        var remaining = 0L;
        string? lastKey = null;
        foreach (var o in items)
        {
            if (start is not null && string.CompareOrdinal(ListPages.Key(o), start) < 0) continue;
            if (!labels.Matches(o.Labels) || !fields.Matches(o)) continue;
            if (limit > 0 && selected.Count >= limit) { remaining++; continue; }
            selected.Add(o);
            lastKey = ListPages.Key(o);
        }
        if (remaining == 0) return new ListPage(selected, version, null, null);
        Pages.Keep(r.Type, r.Namespace, version, items);
        // remainingItemCount is only known (and only sent) when nothing was filtered out by a selector.
        var count = labels == LabelSelector.Everything && fields == FieldSelector.Everything ? remaining : (long?)null;
        return new ListPage(selected, version, ListPages.Encode(version, lastKey!), count);
    }

    /// <summary>Serves a list, streamed from the stored bytes.</summary>
    public async Task ListAsync(ApiContext context)
    {
        var r = context.Request;
        if (context.Http.Request.Query["continue"].ToString().Length == 0) await WaitForResourceVersionAsync(context);
        var page = SelectPage(context);
        var http = context.Http;
        var version = page.Version.ToString(CultureInfo.InvariantCulture);
        if (Tables.Requested(http) is { } tableVersion)
        {
            await ApiResponses.WriteJsonAsync(http, Tables.Build(context, tableVersion, page.Items.Select(i => i.View), version, page.Continue, page.RemainingItemCount));
            return;
        }
        // The items are written straight from the stored bytes: no parse, no re-serialise.
        http.Response.ContentType = "application/json";
        var meta = new StringBuilder($$"""{"resourceVersion":"{{version}}" """.TrimEnd());
        if (page.Continue is not null) meta.Append($$""","continue":"{{page.Continue}}" """.TrimEnd());
        if (page.RemainingItemCount is { } left) meta.Append(CultureInfo.InvariantCulture, $",\"remainingItemCount\":{left}");
        var head = $$"""{"kind":"{{r.Type.ListKind}}","apiVersion":"{{r.Type.ApiVersion}}","metadata":{{meta}}},"items":[""";
        await http.Response.Body.WriteAsync(Encoding.UTF8.GetBytes(head), context.CancellationToken);
        for (var i = 0; i < page.Items.Count; i++)
        {
            if (i > 0) await http.Response.Body.WriteAsync(","u8.ToArray(), context.CancellationToken);
            await http.Response.Body.WriteAsync(page.Items[i].Json, context.CancellationToken);
        }
        await http.Response.Body.WriteAsync("]}"u8.ToArray(), context.CancellationToken);
    }
}
