using System.Collections;
using System.Reflection;
using System.Text.Json;
using Piksel.Platform.Policies;

namespace Piksel.Platform.Spec;

/// <summary>How an attribute takes part in a diff.</summary>
[Flags]
public enum AttributeFlags
{
    /// <summary>An ordinary attribute.</summary>
    None = 0,

    /// <summary>Its value is a digest and renders as <c>(sensitive value)</c>.</summary>
    Sensitive = 1,

    /// <summary>A change replaces the resource.</summary>
    ForceNew = 2,

    /// <summary>Shown on create, never compared.</summary>
    CreateOnly = 4,
}

/// <summary>One attribute of a resource: a dotted path, its value as JSON text and its flags.</summary>
public sealed record ResourceAttribute(string Path, string Value, AttributeFlags Flags)
{
    /// <summary>True when the value still holds an unresolved <see cref="OutputRef"/> token.</summary>
    public bool IsUnknown => OutputRef.HasTokens(Value);
}

/// <summary>
/// Flattens a resource record into attributes (its public properties, dictionaries one level deep), the form in
/// which the planner compares desired and actual state and the renderer prints them. Sensitive values are
/// replaced by digests here, so no plan ever holds them.
/// </summary>
public static class ResourceAttributes
{
    /// <summary>The attributes of <paramref name="resource"/>, sorted by path.</summary>
    public static IReadOnlyList<ResourceAttribute> Of(PlatformResource resource)
    {
        var attributes = new List<ResourceAttribute>();
        foreach (var property in AttributeProperties(resource.GetType()))
        {
            var flags = (IsMarked(property, typeof(SensitiveAttribute)) ? AttributeFlags.Sensitive : AttributeFlags.None)
                | (IsMarked(property, typeof(ForceNewAttribute)) ? AttributeFlags.ForceNew : AttributeFlags.None)
                | (IsMarked(property, typeof(CreateOnlyAttribute)) ? AttributeFlags.CreateOnly : AttributeFlags.None);
            Add(attributes, JsonNamingPolicy.CamelCase.ConvertName(property.Name), property.GetValue(resource), flags);
        }

        attributes.Sort((a, b) => string.CompareOrdinal(a.Path, b.Path));
        return attributes;
    }

    /// <summary>The sensitive values a resource holds, for scrubbing messages.</summary>
    public static IEnumerable<SensitiveString> SensitiveValues(PlatformResource resource) =>
        AttributeProperties(resource.GetType())
            .Select(p => p.GetValue(resource))
            .OfType<SensitiveString>();

    private static IEnumerable<PropertyInfo> AttributeProperties(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.GetIndexParameters().Length == 0 && p.GetMethod is not null && !IsMarked(p, typeof(NotAttributeAttribute)));

    // PropertyInfo.IsDefined ignores 'inherit'; Attribute.IsDefined walks overridden properties, so an override of
    // a [NotAttribute] property (KubernetesResource.Key) stays out.
    private static bool IsMarked(PropertyInfo property, Type marker) => Attribute.IsDefined(property, marker, inherit: true);

    private static void Add(List<ResourceAttribute> attributes, string path, object? value, AttributeFlags flags)
    {
        switch (value)
        {
            case null:
                return;
            case SensitiveString sensitive:
                attributes.Add(new(path, sensitive.Digest(), flags | AttributeFlags.Sensitive));
                return;
            case PolicyDocument policy:
                attributes.Add(new(path, policy.ToJson(), flags));
                return;
            case IDictionary dictionary:
                foreach (DictionaryEntry entry in dictionary)
                {
                    Add(attributes, $"{path}.{entry.Key}", entry.Value, flags);
                }

                return;
            default:
                attributes.Add(new(path, JsonSerializer.Serialize(value, value.GetType(), SpecJson.Options), flags));
                return;
        }
    }
}
