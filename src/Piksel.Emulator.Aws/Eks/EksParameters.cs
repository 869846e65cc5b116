using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.Features;
using Piksel.Emulator.Aws.Hosting;
using Piksel.Emulator.Aws.Hosting.Operations;
using Piksel.Emulator.Aws.Protocol;

namespace Piksel.Emulator.Aws.Eks;

/// <summary>How EKS reads a request (path parameters, query, JSON body, paging) and answers it.</summary>
internal static class EksParameters
{
    /// <summary>The request's JSON body.</summary>
    public static JsonObject Body(AwsRequestContext context) => JsonProtocol.ParseBody(context.Body.Span);

    /// <summary>
    /// The path's segments, each decoded once. The raw target is split first: principal and policy ARNs travel
    /// percent-encoded inside one segment (<c>…/access-entries/arn%3Aaws%3Aiam%3A%3A1%3Arole%2Fx</c>).
    /// </summary>
    public static string[] Segments(AwsRequestContext context)
    {
        var raw = context.Http.Features.Get<IHttpRequestFeature>()?.RawTarget is { Length: > 0 } target ? target : context.Http.Request.Path.Value ?? "/";
        var query = raw.IndexOf('?', StringComparison.Ordinal);
        if (query >= 0) raw = raw[..query];
        return [.. raw.Split('/', StringSplitOptions.RemoveEmptyEntries).Select(Uri.UnescapeDataString)];
    }

    /// <summary>The path parameter <paramref name="name"/> of the operation being served (<c>{name}</c> in its route).</summary>
    public static string Path(AwsRequestContext context, string name)
    {
        var operation = context.Operation ?? throw new InvalidOperationException("Path parameters are read once the operation is resolved.");
        return EksRoutes.Of(operation.Name).Bind(Segments(context), name);
    }

    /// <summary>An optional query-string parameter.</summary>
    public static string? Query(AwsRequestContext context, string name) =>
        context.Http.Request.Query.TryGetValue(name, out var value) && value.Count > 0 ? value[0] : null;

    /// <summary>maxResults (1..100, default 100) and the position a nextToken stands for.</summary>
    public static (int Max, int Start) Page(AwsRequestContext context, string? clusterName = null)
    {
        var max = 100;
        if (Query(context, "maxResults") is { } text)
        {
            if (!int.TryParse(text, CultureInfo.InvariantCulture, out max) || max is < 1 or > 100)
                throw EksErrors.InvalidParameter("maxResults must be between 1 and 100.", clusterName);
        }
        var start = 0;
        if (Query(context, "nextToken") is { Length: > 0 } token)
        {
            try { start = int.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(token)), NumberStyles.None, CultureInfo.InvariantCulture); }
            catch (Exception e) when (e is FormatException or OverflowException) { throw EksErrors.InvalidParameter("The nextToken provided is invalid.", clusterName); }
        }
        return (max, start);
    }

    /// <summary>The token of the page after <paramref name="start"/>, null on the last page.</summary>
    public static string? NextToken(int start, int max, int total) =>
        start + max < total ? Convert.ToBase64String(Encoding.UTF8.GetBytes((start + max).ToString(CultureInfo.InvariantCulture))) : null;

    /// <summary>Adds one page of <paramref name="items"/> as <paramref name="member"/>, and <c>nextToken</c> when more remain.</summary>
    public static JsonObject WithPage<T>(this JsonObject json, string member, IReadOnlyList<T> items, (int Max, int Start) page, Func<T, JsonNode> toJson)
    {
        json[member] = new JsonArray([.. items.Skip(page.Start).Take(page.Max).Select(toJson)]);
        if (NextToken(page.Start, page.Max, items.Count) is { } next) json["nextToken"] = next;
        return json;
    }

    /// <summary>Writes <paramref name="body"/> as the 200 answer.</summary>
    public static Task Write(AwsRequestContext context, JsonNode body) => JsonProtocol.WriteAsync(context.Http, body, "application/json");

    /// <summary>Authorizes the operation's action on <paramref name="access"/>, then writes what <paramref name="run"/> answers.</summary>
    public static OperationCall Answer(AwsRequestContext context, Access access, Func<JsonNode> run) =>
        OperationCall.On(access, () => Write(context, run()));

    /// <summary>Authorizes the operation's action on <paramref name="resource"/>, then writes what <paramref name="run"/> answers.</summary>
    public static OperationCall Answer(AwsRequestContext context, string resource, Func<JsonNode> run) => Answer(context, new Access(resource), run);
}
