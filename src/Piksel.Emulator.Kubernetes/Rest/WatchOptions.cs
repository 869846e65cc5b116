using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Piksel.Emulator.Kubernetes.Api;

namespace Piksel.Emulator.Kubernetes.Rest;

/// <summary>
/// A watch request's options after defaulting: the query parameters defaulted and validated as k8s.io/apiserver does
/// (with the WatchList feature on): metainternalversion.SetListOptionsDefaults, then validation.ValidateListOptions,
/// failing as 422 ListOptions Invalid.
/// </summary>
/// <param name="ResourceVersion">The version to start after; null for "now" (unset or "0").</param>
/// <param name="SendInitialEvents">Synthetic ADDED events for the current state first.</param>
/// <param name="Timeout">When the server ends the stream (timeoutSeconds, else 30–60 minutes as the real server picks).</param>
internal sealed record WatchOptions(long? ResourceVersion, bool SendInitialEvents, bool AllowBookmarks, TimeSpan Timeout)
{
    /// <summary>Reads, defaults and validates the options of a watch request.</summary>
    public static WatchOptions Parse(IQueryCollection query)
    {
        var rvText = query["resourceVersion"].ToString();
        var match = query["resourceVersionMatch"].ToString();
        bool? sendInitialEvents = query.ContainsKey("sendInitialEvents") ? Bool(query, "sendInitialEvents") : null;
        var allowBookmarks = Bool(query, "allowWatchBookmarks");

        // SetListOptionsDefaults: a watch from "now" or "any" is a streaming list unless the client said otherwise.
        if (sendInitialEvents is null && match.Length == 0 && rvText is "" or "0")
        {
            sendInitialEvents = true;
            match = "NotOlderThan";
        }

        var errors = new List<(string Field, string Type, string Detail)>();
        if (sendInitialEvents is not null && match != "NotOlderThan")
            errors.Add(("resourceVersionMatch", "FieldValueForbidden", "Forbidden: sendInitialEvents requires setting resourceVersionMatch to NotOlderThan"));
        if (match.Length > 0)
        {
            if (sendInitialEvents is null)
                errors.Add(("resourceVersionMatch", "FieldValueForbidden", "Forbidden: resourceVersionMatch is forbidden for watch unless sendInitialEvents is provided"));
            if (match != "NotOlderThan")
                errors.Add(("resourceVersionMatch", "FieldValueNotSupported", $"Unsupported value: \"{match}\": supported values: \"NotOlderThan\""));
            if (query["continue"].ToString().Length > 0)
                errors.Add(("resourceVersionMatch", "FieldValueForbidden", "Forbidden: resourceVersionMatch is forbidden when continue is provided"));
        }
        if (errors.Count > 0) throw InvalidListOptions(errors);

        long? version = null;
        if (rvText is not ("" or "0"))
        {
            if (!long.TryParse(rvText, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed))
                throw StatusException.BadRequest($"invalid resource version \"{rvText}\"");
            version = parsed;
        }

        var timeout = TimeSpan.FromSeconds(1800 * (1 + Random.Shared.NextDouble()));
        // The real server treats 0 and negative values as "not set".
        if (RequestOptions.Integer(query, "timeoutSeconds") is { } seconds && seconds > 0) timeout = TimeSpan.FromSeconds(Math.Min(seconds, int.MaxValue / 1000));
        return new WatchOptions(version, sendInitialEvents ?? false, allowBookmarks, timeout);
    }

    /// <summary>Go's strconv.ParseBool, as query parameters are decoded.</summary>
    private static bool Bool(IQueryCollection query, string name)
    {
        var text = query[name].ToString();
        return text switch
        {
            "" or "0" or "f" or "F" or "false" or "False" or "FALSE" => false,
            "1" or "t" or "T" or "true" or "True" or "TRUE" => true,
            _ => throw StatusException.BadRequest($"strconv.ParseBool: parsing \"{text}\": invalid syntax"),
        };
    }

    private static StatusException InvalidListOptions(List<(string Field, string Type, string Detail)> errors)
    {
        var details = new JsonObject
        {
            ["group"] = "meta.k8s.io",
            ["kind"] = "ListOptions",
            ["causes"] = new JsonArray([.. errors.Select(e => (JsonNode)new JsonObject { ["reason"] = e.Type, ["message"] = e.Detail, ["field"] = e.Field })]),
        };
        var texts = errors.Select(e => $"{e.Field}: {e.Detail}").ToList();
        var text = texts.Count == 1 ? texts[0] : "[" + string.Join(", ", texts) + "]";
        return new StatusException(HttpStatusCode.UnprocessableEntity, "Invalid", $"ListOptions.meta.k8s.io \"\" is invalid: {text}", details);
    }

    /// <summary>504 "Too large resource version" (k8s.io/apiserver storage.NewTooLargeResourceVersionError).</summary>
    public static StatusException TooLargeResourceVersion(long requested, long current) =>
        new(HttpStatusCode.GatewayTimeout, "Timeout", $"Timeout: Too large resource version: {requested}, current: {current}", new JsonObject
        {
            ["causes"] = new JsonArray(new JsonObject { ["reason"] = "ResourceVersionTooLarge", ["message"] = "Too large resource version" }),
            ["retryAfterSeconds"] = 1,
        });
}
