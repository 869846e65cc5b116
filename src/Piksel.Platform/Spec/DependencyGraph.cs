namespace Piksel.Platform.Spec;

/// <summary>
/// The dependency graph of a spec: explicit <see cref="PlatformResource.DependsOn"/> plus the resources whose
/// outputs a resource references. Built once, checked for unknown ids and cycles, and ordered topologically.
/// </summary>
public sealed class DependencyGraph
{
    private readonly Dictionary<ResourceId, IReadOnlySet<ResourceId>> dependencies;
    private readonly Dictionary<ResourceId, HashSet<ResourceId>> dependents;

    private DependencyGraph(Dictionary<ResourceId, IReadOnlySet<ResourceId>> dependencies, IReadOnlyList<ResourceId> order)
    {
        this.dependencies = dependencies;
        Order = order;
        dependents = dependencies.Keys.ToDictionary(id => id, _ => new HashSet<ResourceId>());
        foreach (var (id, deps) in dependencies)
        {
            foreach (var dep in deps)
            {
                dependents[dep].Add(id);
            }
        }
    }

    /// <summary>Every resource, dependencies before dependents (ties in the order the spec lists them).</summary>
    public IReadOnlyList<ResourceId> Order { get; }

    /// <summary>What <paramref name="id"/> depends on directly.</summary>
    public IReadOnlySet<ResourceId> DependenciesOf(ResourceId id) => dependencies[id];

    /// <summary>What depends on <paramref name="id"/> directly.</summary>
    public IReadOnlySet<ResourceId> DependentsOf(ResourceId id) => dependents[id];

    /// <summary>Everything that depends on <paramref name="id"/>, directly or through others.</summary>
    public IReadOnlySet<ResourceId> TransitiveDependentsOf(ResourceId id)
    {
        var found = new HashSet<ResourceId>();
        var queue = new Queue<ResourceId>(dependents[id]);
        while (queue.TryDequeue(out var next))
        {
            if (found.Add(next))
            {
                foreach (var dependent in dependents[next])
                {
                    queue.Enqueue(dependent);
                }
            }
        }

        return found;
    }

    /// <summary>
    /// The longest chain of dependencies below each kind (0 for kinds that depend on nothing): the order in which
    /// kinds are created, used to order the destruction of resources the spec no longer lists.
    /// </summary>
    public IReadOnlyDictionary<string, int> KindDepths()
    {
        var depth = new Dictionary<ResourceId, int>();
        foreach (var id in Order)
        {
            depth[id] = dependencies[id].Count == 0 ? 0 : dependencies[id].Max(d => depth[d]) + 1;
        }

        return depth.GroupBy(p => p.Key.Kind, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Max(p => p.Value), StringComparer.Ordinal);
    }

    /// <summary>Builds the graph of <paramref name="spec"/>.</summary>
    /// <exception cref="DependencyCycleException">The dependencies form a cycle (named in the message).</exception>
    public static DependencyGraph Of(PlatformSpec spec)
    {
        var ids = spec.Resources.Select(r => r.Id).ToHashSet();
        var dependencies = new Dictionary<ResourceId, IReadOnlySet<ResourceId>>();
        foreach (var resource in spec.Resources)
        {
            var deps = resource.DependsOn.Concat(TokenResolution.References(resource).Select(r => r.Resource)).ToHashSet();
            foreach (var dep in deps.Where(d => !ids.Contains(d)))
            {
                throw new InvalidOperationException($"{resource.Id} depends on {dep}, which is not in the spec.");
            }

            if (deps.Contains(resource.Id))
            {
                throw new DependencyCycleException([resource.Id, resource.Id]);
            }

            dependencies[resource.Id] = deps;
        }

        return new DependencyGraph(dependencies, Sort(spec.Resources.Select(r => r.Id).ToArray(), dependencies));
    }

    // Depth-first, visiting in spec order; a node met again while still on the stack closes a cycle.
    private static ResourceId[] Sort(ResourceId[] ids, Dictionary<ResourceId, IReadOnlySet<ResourceId>> dependencies)
    {
        var order = new List<ResourceId>(ids.Length);
        var done = new HashSet<ResourceId>();
        var stack = new List<ResourceId>();
        var onStack = new HashSet<ResourceId>();

        void Visit(ResourceId id)
        {
            if (done.Contains(id))
            {
                return;
            }

            if (!onStack.Add(id))
            {
                var start = stack.IndexOf(id);
                throw new DependencyCycleException([.. stack.Skip(start), id]);
            }

            stack.Add(id);
            foreach (var dep in ids.Where(dependencies[id].Contains))
            {
                Visit(dep);
            }

            stack.RemoveAt(stack.Count - 1);
            onStack.Remove(id);
            done.Add(id);
            order.Add(id);
        }

        foreach (var id in ids)
        {
            Visit(id);
        }

        return order.ToArray();
    }
}
