using System.Text.Json;
using System.Text.Json.Nodes;
using Piksel.Emulator.Kubernetes.Rest;
using static Piksel.Emulator.Kubernetes.Rest.Tables;

namespace Piksel.Emulator.Kubernetes.Crds;

/// <summary>
/// A custom resource's Table as apiextensions-apiserver's tableconvertor makes it: Name, then the version's
/// additionalPrinterColumns (each its JSONPath's first value, null when missing), or Name and Age without any.
/// </summary>
internal static class CustomResourceTable
{
    /// <summary>The columns and cells for <paramref name="custom"/>.</summary>
    public static (IReadOnlyList<Column> Columns, TablePrinters.Cells Cells) For(CustomResource custom)
    {
        if (custom.PrinterColumns.Count == 0)
            return ([NameColumn, new("Age", "date", CreationDescription)], (o, now) => [(JsonNode?)Name(o), Age(o, now)]);
        var columns = new List<Column> { NameColumn };
        columns.AddRange(custom.PrinterColumns.Select(c => new Column(c.Name, c.Type, c.Description, c.Format, c.Priority)));
        return (columns, (o, now) => [(JsonNode?)Name(o), .. custom.PrinterColumns.Select(c => Cell(o, c, now))]);
    }

    private static JsonNode? Cell(JsonObject obj, PrinterColumn column, DateTimeOffset now)
    {
        var values = SimpleJsonPath.Select(obj, column.JsonPath);
        if (values.Count == 0) return null;
        var value = values[0];
        // The server prints date columns as ages (tableconvertor's translateTimestampSince).
        if (column.Type == "date" && value is JsonValue time && time.TryGetValue<string>(out var text)
            && DateTimeOffset.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var at))
        {
            return HumanDuration(now - at);
        }

        return column.Type switch
        {
            "integer" when value.GetValueKind() == JsonValueKind.Number => value.DeepClone(),
            "number" when value.GetValueKind() == JsonValueKind.Number => value.DeepClone(),
            "boolean" when value.GetValueKind() is JsonValueKind.True or JsonValueKind.False => value.DeepClone(),
            _ when value is JsonValue v && v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
            _ => string.Join(",", values.Select(x => x is JsonValue s && s.GetValueKind() == JsonValueKind.String ? s.GetValue<string>() : x.ToJsonString())),
        };
    }
}
