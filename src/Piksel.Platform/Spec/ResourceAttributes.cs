using System.Collections;
using System.Collections.Concurrent;
using System.Reflection;
using System.Text.Json;
using Piksel.Platform.Policies;

namespace Piksel.Platform.Spec;

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
            Add(attributes, property.Path, property.Info.GetValue(resource), property.Info.PropertyType, property.Flags);
        }

        attributes.Sort((a, b) => string.CompareOrdinal(a.Path, b.Path));
        return attributes;
    }

    /// <summary>The sensitive values a resource holds, for scrubbing messages.</summary>
    public static IEnumerable<SensitiveString> SensitiveValues(PlatformResource resource) =>
        AttributeProperties(resource.GetType())
            .Select(p => p.Info.GetValue(resource))
            .OfType<SensitiveString>();

    // A kind's attribute properties, found once per kind: the plan reads every resource's attributes several times.
    private static readonly ConcurrentDictionary<Type, AttributeProperty[]> PropertiesByKind = new();

    private sealed record AttributeProperty(PropertyInfo Info, string Path, AttributeFlags Flags);

    private static AttributeProperty[] AttributeProperties(Type type) =>
        PropertiesByKind.GetOrAdd(type, static type => type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.GetIndexParameters().Length == 0 && p.GetMethod is not null && !IsMarked(p, typeof(NotAttributeAttribute)))
            .Select(p => new AttributeProperty(p, JsonNamingPolicy.CamelCase.ConvertName(p.Name),
                (IsMarked(p, typeof(SensitiveAttribute)) ? AttributeFlags.Sensitive : AttributeFlags.None)
                | (IsMarked(p, typeof(ForceNewAttribute)) ? AttributeFlags.ForceNew : AttributeFlags.None)
                | (IsMarked(p, typeof(CreateOnlyAttribute)) ? AttributeFlags.CreateOnly : AttributeFlags.None)))
            .ToArray());

    // PropertyInfo.IsDefined ignores 'inherit'; Attribute.IsDefined walks overridden properties, so an override of
    // a [NotAttribute] property (KubernetesResource.Key) stays out.
    private static bool IsMarked(PropertyInfo property, Type marker) => Attribute.IsDefined(property, marker, inherit: true);

    // Values are written as their declared type (an IReadOnlyList<string>, not whatever list a collection expression
    // made), which the spec's compile-time JSON metadata knows.
    private static void Add(List<ResourceAttribute> attributes, string path, object? value, Type declared, AttributeFlags flags)
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
                    Add(attributes, $"{path}.{entry.Key}", entry.Value, typeof(object), flags);
                }

                return;
            default:
                attributes.Add(new(path, JsonSerializer.Serialize(value, declared == typeof(object) ? value.GetType() : declared, SpecJson.Options), flags));
                return;
        }
    }
}
