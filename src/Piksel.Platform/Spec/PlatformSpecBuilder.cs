namespace Piksel.Platform.Spec;

/// <summary>Collects resources and outputs into a <see cref="PlatformSpec"/>, checking the graph when built.</summary>
public sealed class PlatformSpecBuilder(string environment)
{
    private readonly List<PlatformResource> _resources = [];
    private readonly Dictionary<ResourceId, PlatformResource> _byId = [];
    private readonly List<PlatformOutput> _outputs = [];

    /// <summary>The environment the spec is for.</summary>
    public string Environment { get; } = environment;

    /// <summary>Adds a resource and returns it, so later resources can reference its outputs.</summary>
    public T Add<T>(T resource)
        where T : PlatformResource
    {
        if (!_byId.TryAdd(resource.Id, resource))
        {
            throw new InvalidOperationException($"The spec already has a resource {resource.Id}.");
        }

        _resources.Add(resource);
        return resource;
    }

    /// <summary>Adds an output (literal or tokens).</summary>
    public PlatformSpecBuilder AddOutput(string name, string value)
    {
        if (_outputs.Any(o => o.Name == name))
        {
            throw new InvalidOperationException($"The spec already has an output '{name}'.");
        }

        _outputs.Add(new PlatformOutput(name, value));
        return this;
    }

    /// <summary>The spec; throws when a dependency or reference names no resource, or the graph has a cycle.</summary>
    public PlatformSpec Build()
    {
        var spec = new PlatformSpec { Environment = Environment, Resources = _resources.ToArray(), Outputs = _outputs.ToArray() };
        foreach (var output in spec.Outputs)
        {
            foreach (var reference in OutputRef.FindIn(output.Value).Where(r => !_byId.ContainsKey(r.Resource)))
            {
                throw new InvalidOperationException($"Output '{output.Name}' references {reference.Resource}, which is not in the spec.");
            }
        }

        _ = DependencyGraph.Of(spec);
        return spec;
    }
}
