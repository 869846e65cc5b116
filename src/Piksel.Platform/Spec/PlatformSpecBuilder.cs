namespace Piksel.Platform.Spec;

/// <summary>Collects resources and outputs into a <see cref="PlatformSpec"/>, checking the graph when built.</summary>
public sealed class PlatformSpecBuilder(string environment)
{
    private readonly List<PlatformResource> resources = [];
    private readonly Dictionary<ResourceId, PlatformResource> byId = [];
    private readonly List<PlatformOutput> outputs = [];

    /// <summary>The environment the spec is for.</summary>
    public string Environment { get; } = environment;

    /// <summary>Adds a resource and returns it, so later resources can reference its outputs.</summary>
    public T Add<T>(T resource)
        where T : PlatformResource
    {
        if (!byId.TryAdd(resource.Id, resource))
        {
            throw new InvalidOperationException($"The spec already has a resource {resource.Id}.");
        }

        resources.Add(resource);
        return resource;
    }

    /// <summary>Adds an output (literal or tokens).</summary>
    public PlatformSpecBuilder AddOutput(string name, string value)
    {
        if (outputs.Any(o => o.Name == name))
        {
            throw new InvalidOperationException($"The spec already has an output '{name}'.");
        }

        outputs.Add(new PlatformOutput(name, value));
        return this;
    }

    /// <summary>The spec; throws when a dependency or reference names no resource, or the graph has a cycle.</summary>
    public PlatformSpec Build()
    {
        var spec = new PlatformSpec { Environment = Environment, Resources = resources.ToArray(), Outputs = outputs.ToArray() };
        foreach (var output in spec.Outputs)
        {
            foreach (var reference in OutputRef.FindIn(output.Value).Where(r => !byId.ContainsKey(r.Resource)))
            {
                throw new InvalidOperationException($"Output '{output.Name}' references {reference.Resource}, which is not in the spec.");
            }
        }

        _ = DependencyGraph.Of(spec);
        return spec;
    }
}
