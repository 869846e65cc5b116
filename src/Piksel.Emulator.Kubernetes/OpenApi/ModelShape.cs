using System.Collections.Concurrent;
using System.Reflection;
using System.Text.Json.Serialization;

namespace Piksel.Emulator.Kubernetes.OpenApi;

/// <summary>What a JSON value of a KubernetesClient model property looks like: the one reflection pass behind both the OpenAPI schemas and server-side field validation.</summary>
internal abstract record ModelShape
{
    /// <summary>A string, integer, boolean or number (<paramref name="Format"/> as OpenAPI spells it: int32, int64, date-time, byte, double).</summary>
    public sealed record Scalar(string Type, string? Format) : ModelShape;

    /// <summary>A list of <paramref name="Items"/>.</summary>
    public sealed record Array(ModelShape Items) : ModelShape;

    /// <summary>A map with free string keys (labels, data) of <paramref name="Values"/>.</summary>
    public sealed record Map(ModelShape Values) : ModelShape;

    /// <summary>A nested model (a definition of its own).</summary>
    public sealed record Model(Type ClrType) : ModelShape;

    /// <summary>Any JSON (<c>fieldsV1</c>, raw extensions): never checked.</summary>
    public sealed record Any : ModelShape;

    /// <summary>The properties of a model by JSON name, in declaration order.</summary>
    public static IReadOnlyList<ModelProperty> PropertiesOf(Type model) => Properties.GetOrAdd(model, static t =>
        [.. t.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Select(p => (Property: p, Name: p.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name))
            .Where(p => p.Name is not null)
            .Select(p => new ModelProperty(p.Name!, p.Property.Name, Of(p.Property.PropertyType), IsRequiredValue(p.Property.PropertyType)))]);

    /// <summary>The properties of a model keyed by JSON name.</summary>
    public static IReadOnlyDictionary<string, ModelProperty> PropertyMap(Type model) => Maps.GetOrAdd(model, static t =>
        PropertiesOf(t).ToDictionary(p => p.JsonName, StringComparer.Ordinal));

    private static readonly ConcurrentDictionary<Type, IReadOnlyList<ModelProperty>> Properties = new();
    private static readonly ConcurrentDictionary<Type, IReadOnlyDictionary<string, ModelProperty>> Maps = new();

    /// <summary>The shape of a CLR property type.</summary>
    public static ModelShape Of(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type == typeof(string)) return new Scalar("string", null);
        if (type == typeof(bool)) return new Scalar("boolean", null);
        if (type == typeof(int) || type == typeof(short)) return new Scalar("integer", "int32");
        if (type == typeof(long)) return new Scalar("integer", "int64");
        if (type == typeof(double) || type == typeof(float) || type == typeof(decimal)) return new Scalar("number", "double");
        if (type == typeof(DateTime) || type == typeof(DateTimeOffset)) return new Scalar("string", "date-time");
        if (type == typeof(byte[])) return new Scalar("string", "byte");
        if (type == typeof(object) || type == typeof(System.Text.Json.JsonElement) || type == typeof(System.Text.Json.Nodes.JsonNode)) return new Any();
        if (type.IsGenericType)
        {
            var args = type.GetGenericArguments();
            var definition = type.GetGenericTypeDefinition();
            if (args.Length == 2 && (definition == typeof(IDictionary<,>) || definition == typeof(Dictionary<,>) || definition == typeof(IReadOnlyDictionary<,>)))
                return new Map(Of(args[1]));
            if (args.Length == 1 && typeof(System.Collections.IEnumerable).IsAssignableFrom(type))
                return new Array(Of(args[0]));
        }
        if (type.IsArray) return new Array(Of(type.GetElementType()!));
        return new Model(type);
    }

    // The generated models declare required value-typed fields without '?' (ServicePort.port is int, nodePort int?).
    private static bool IsRequiredValue(Type type) => type.IsValueType && Nullable.GetUnderlyingType(type) is null;
}

/// <summary>One property of a model: its JSON and CLR names and its shape.</summary>
internal sealed record ModelProperty(string JsonName, string ClrName, ModelShape Shape, bool RequiredValue);
