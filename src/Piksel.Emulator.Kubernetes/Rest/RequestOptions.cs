using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Piksel.Emulator.Kubernetes.Api;

namespace Piksel.Emulator.Kubernetes.Rest;

/// <summary>
/// The query options of a write (CreateOptions, UpdateOptions, PatchOptions, DeleteOptions) validated as
/// k8s.io/apimachinery's ValidateXOptions do: <c>dryRun</c> only <c>All</c>, <c>fieldManager</c> at most 128 bytes of
/// printable characters (required for apply, <c>force</c> only for apply), <c>fieldValidation</c> one of the three
/// directives; all failures together as one 422 Invalid on the options kind.
/// </summary>
internal static class RequestOptions
{
    /// <summary>The longest field manager name (metav1 validation's FieldManagerMaxLength).</summary>
    public const int FieldManagerMaxLength = 128;

    /// <summary>Validates the options of a <paramref name="verb"/>; <paramref name="patchType"/> is the media type of a patch.</summary>
    public static void Validate(HttpContext http, string verb, string? patchType = null)
    {
        var kind = verb switch
        {
            "create" => "CreateOptions",
            "update" => "UpdateOptions",
            "patch" => "PatchOptions",
            "delete" or "deletecollection" => "DeleteOptions",
            _ => null,
        };
        if (kind is null) return;
        var query = http.Request.Query;
        var errors = new List<(string Field, string Type, string Message)>();
        if (verb == "patch")
        {
            var apply = patchType == "application/apply-patch+yaml";
            if (!apply && query.ContainsKey("force"))
                errors.Add(("force", "FieldValueForbidden", "Forbidden: may not be specified for non-apply patch"));
            if (apply && query["fieldManager"].ToString().Length == 0)
                errors.Add(("fieldManager", "FieldValueRequired", "Required value: is required for apply patch"));
        }
        if (kind != "DeleteOptions")
        {
            var manager = query["fieldManager"].ToString();
            if (Encoding.UTF8.GetByteCount(manager) > FieldManagerMaxLength)
                errors.Add(("fieldManager", "FieldValueTooLong", $"Too long: must have at most {FieldManagerMaxLength} bytes"));
            var position = 0;
            foreach (var rune in manager.EnumerateRunes())
            {
                if (Rune.IsControl(rune) || Rune.GetUnicodeCategory(rune) is UnicodeCategory.Format or UnicodeCategory.OtherNotAssigned or UnicodeCategory.PrivateUse or UnicodeCategory.Surrogate || (Rune.IsWhiteSpace(rune) && rune.Value != ' '))
                    errors.Add(("fieldManager", "FieldValueInvalid", $"Invalid value: {GoQuote(manager)}: invalid character U+{rune.Value:X4} (at position {position})"));
                position += rune.Utf8SequenceLength;
            }
            var validation = query["fieldValidation"].ToString();
            if (validation is not ("" or "Ignore" or "Strict" or "Warn"))
                errors.Add(("fieldValidation", "FieldValueNotSupported", $"Unsupported value: {GoQuote(validation)}: supported values: \"\", \"Ignore\", \"Strict\", \"Warn\""));
        }
        if (DryRunError(query["dryRun"].Select(v => v ?? "").ToList()) is { } dryRun) errors.Add(dryRun);
        if (errors.Count > 0) throw Invalid(kind, errors);
    }

    /// <summary>ValidateDryRun: every value must be <c>All</c>.</summary>
    public static (string Field, string Type, string Message)? DryRunError(IReadOnlyList<string> values) =>
        values.All(v => v == "All")
            ? null
            : ("dryRun", "FieldValueNotSupported", $"Unsupported value: []string{{{string.Join(", ", values.Select(GoQuote))}}}: supported values: \"All\"");

    /// <summary>422 Invalid on <c>&lt;kind&gt;.meta.k8s.io ""</c> with one cause per error.</summary>
    public static StatusException Invalid(string kind, IReadOnlyList<(string Field, string Type, string Message)> errors)
    {
        var details = new JsonObject
        {
            ["group"] = "meta.k8s.io",
            ["kind"] = kind,
            ["causes"] = new JsonArray([.. errors.Select(e => (JsonNode)new JsonObject { ["reason"] = e.Type, ["message"] = e.Message, ["field"] = e.Field })]),
        };
        var texts = errors.Select(e => $"{e.Field}: {e.Message}").Distinct().ToList();
        var text = texts.Count == 1 ? texts[0] : "[" + string.Join(", ", texts) + "]";
        return new StatusException(HttpStatusCode.UnprocessableEntity, "Invalid", $"{kind}.meta.k8s.io \"\" is invalid: {text}", details);
    }

    /// <summary>Go's strconv.Quote: printable characters as they are, the rest escaped.</summary>
    public static string GoQuote(string text)
    {
        var builder = new StringBuilder("\"");
        foreach (var rune in text.EnumerateRunes())
        {
            switch (rune.Value)
            {
                case '"': builder.Append("\\\""); break;
                case '\\': builder.Append("\\\\"); break;
                case '\n': builder.Append("\\n"); break;
                case '\r': builder.Append("\\r"); break;
                case '\t': builder.Append("\\t"); break;
                case < 0x20 or 0x7f: builder.Append(CultureInfo.InvariantCulture, $"\\x{rune.Value:x2}"); break;
                default:
                    if (Rune.IsControl(rune) || Rune.GetUnicodeCategory(rune) == UnicodeCategory.Format) builder.Append(CultureInfo.InvariantCulture, $"\\u{rune.Value:x4}");
                    else builder.Append(rune.ToString());
                    break;
            }
        }
        return builder.Append('"').ToString();
    }

    /// <summary>An integer query parameter as the parameter codec converts it; 400 with strconv's words when it is not one.</summary>
    public static long? Integer(IQueryCollection query, string name)
    {
        if (!query.TryGetValue(name, out var values) || values.Count == 0 || string.IsNullOrEmpty(values[0])) return null;
        var text = values[0]!;
        return long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw StatusException.BadRequest($"strconv.ParseInt: parsing {GoQuote(text)}: {(text.TrimStart('-', '+').All(char.IsAsciiDigit) && text.TrimStart('-', '+').Length > 0 ? "value out of range" : "invalid syntax")}");
    }

    /// <summary>A boolean query parameter as Go's strconv.ParseBool reads it; 400 when it is not one.</summary>
    public static bool? Boolean(IQueryCollection query, string name)
    {
        if (!query.TryGetValue(name, out var values) || values.Count == 0 || string.IsNullOrEmpty(values[0])) return null;
        var text = values[0]!;
        return text switch
        {
            "1" or "t" or "T" or "true" or "True" or "TRUE" => true,
            "0" or "f" or "F" or "false" or "False" or "FALSE" => false,
            _ => throw StatusException.BadRequest($"strconv.ParseBool: parsing {GoQuote(text)}: invalid syntax"),
        };
    }
}
