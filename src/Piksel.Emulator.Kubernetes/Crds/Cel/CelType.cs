using System.Text.Json.Nodes;

namespace Piksel.Emulator.Kubernetes.Crds.Cel;

/// <summary>What a CEL type is.</summary>
internal enum CelKind
{
    Dyn,
    Int,
    Uint,
    Double,
    String,
    Bytes,
    Bool,
    Null,
    List,
    Map,
    Object,
}

/// <summary>
/// A CEL type as the checker infers it: the schema types a rule's <c>self</c> (integer → int, number → double, an object
/// with properties → an object type, one with additionalProperties → map(string, V), int-or-string and
/// preserve-unknown-fields → dyn).
/// </summary>
internal sealed record CelType(CelKind Kind, CelType? Element = null, CelType? Value = null, JsonObject? Schema = null)
{
    public static readonly CelType Dyn = new(CelKind.Dyn);
    public static readonly CelType Int = new(CelKind.Int);
    public static readonly CelType Uint = new(CelKind.Uint);
    public static readonly CelType Double = new(CelKind.Double);
    public static readonly CelType String = new(CelKind.String);
    public static readonly CelType Bytes = new(CelKind.Bytes);
    public static readonly CelType Bool = new(CelKind.Bool);
    public static readonly CelType Null = new(CelKind.Null);

    /// <summary>The type CEL gives a value described by <paramref name="schema"/> (null: dyn).</summary>
    public static CelType FromSchema(JsonObject? schema)
    {
        if (schema is null || schema["x-kubernetes-int-or-string"]?.GetValue<bool>() == true)
        {
            return Dyn;
        }

        return (schema["type"] as JsonValue)?.ToString() switch
        {
            "integer" => Int,
            "number" => Double,
            "boolean" => Bool,
            "string" => schema["format"]?.ToString() == "byte" ? Bytes : String,
            "array" => new CelType(CelKind.List, FromSchema(schema["items"] as JsonObject), Schema: schema),
            "object" when schema["additionalProperties"] is JsonObject values =>
                new CelType(CelKind.Map, String, FromSchema(values), schema),
            "object" when schema["properties"] is JsonObject => new CelType(CelKind.Object, Schema: schema),
            "object" => new CelType(CelKind.Map, String, Dyn, schema),
            _ => Dyn,
        };
    }

    /// <summary>Whether a field name outside the schema's properties is still allowed (unknown fields kept, or a map).</summary>
    public bool IsOpen => Kind != CelKind.Object || Schema?["x-kubernetes-preserve-unknown-fields"]?.GetValue<bool>() == true;

    /// <summary>The type of <c>.field</c> on this type, or null when the schema has no such field.</summary>
    public CelType? Field(string name) => Kind switch
    {
        CelKind.Object when Schema?["properties"] is JsonObject properties && properties[name] is JsonObject field => FromSchema(field),
        CelKind.Object => IsOpen ? Dyn : null,
        CelKind.Map => Value ?? Dyn,
        _ => Dyn,
    };

    /// <summary>Whether the type may be a number (int, uint, double, or unknown).</summary>
    public bool IsNumeric => Kind is CelKind.Int or CelKind.Uint or CelKind.Double;

    /// <summary>The name cel-go prints in overload errors.</summary>
    public override string ToString() => Kind switch
    {
        CelKind.Dyn => "dyn",
        CelKind.Int => "int",
        CelKind.Uint => "uint",
        CelKind.Double => "double",
        CelKind.String => "string",
        CelKind.Bytes => "bytes",
        CelKind.Bool => "bool",
        CelKind.Null => "null_type",
        CelKind.List => $"list({Element ?? Dyn})",
        CelKind.Map => $"map({Element ?? Dyn}, {Value ?? Dyn})",
        _ => "object",
    };
}
