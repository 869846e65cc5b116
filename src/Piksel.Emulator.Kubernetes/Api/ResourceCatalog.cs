namespace Piksel.Emulator.Kubernetes.Api;

/// <summary>The types a server serves, looked up by path segments, kind or group-resource. Custom resources add to it.</summary>
public sealed class ResourceCatalog
{
    private readonly Lock gate = new();
    private List<ResourceType> types;

    public ResourceCatalog(IEnumerable<ResourceType> types) => this.types = [.. types];

    /// <summary>All served types.</summary>
    public IReadOnlyList<ResourceType> All { get { lock (gate) return [.. types]; } }

    /// <summary>Adds or replaces a type (CRDs).</summary>
    public void Register(ResourceType type)
    {
        lock (gate)
            types = [.. types.Where(t => !(t.Group == type.Group && t.Version == type.Version && t.Plural == type.Plural)), type];
    }

    /// <summary>Serves exactly <paramref name="versions"/> of <paramref name="group"/>/<paramref name="plural"/> from now on, in one step (a CRD's served versions).</summary>
    public void Replace(string group, string plural, IReadOnlyList<ResourceType> versions)
    {
        lock (gate) types = [.. types.Where(t => !(t.Group == group && t.Plural == plural)), .. versions];
    }

    /// <summary>Removes a type (a deleted CRD).</summary>
    public void Unregister(string group, string plural)
    {
        lock (gate) types = [.. types.Where(t => !(t.Group == group && t.Plural == plural))];
    }

    /// <summary>The type served at <c>group/version/plural</c>.</summary>
    public ResourceType? Find(string group, string version, string plural)
    {
        lock (gate) return types.FirstOrDefault(t => t.Group == group && t.Version == version && t.Plural == plural);
    }

    /// <summary>The type of an apiVersion and kind.</summary>
    public ResourceType? FindKind(string apiVersion, string kind)
    {
        var slash = apiVersion.IndexOf('/', StringComparison.Ordinal);
        var (group, version) = slash < 0 ? ("", apiVersion) : (apiVersion[..slash], apiVersion[(slash + 1)..]);
        lock (gate) return types.FirstOrDefault(t => t.Group == group && t.Version == version && t.Kind == kind);
    }

    /// <summary>The type behind a group-resource storage key (<c>deployments.apps</c>).</summary>
    public ResourceType? FindGroupResource(string groupResource)
    {
        lock (gate) return types.FirstOrDefault(t => t.GroupResource == groupResource);
    }

    /// <summary>Served group-versions, core first, in a stable order.</summary>
    public IReadOnlyList<(string Group, string Version)> GroupVersions()
    {
        lock (gate)
            return [.. types.Select(t => (t.Group, t.Version)).Distinct().OrderBy(g => g.Group.Length == 0 ? 0 : 1).ThenBy(g => g.Group, StringComparer.Ordinal)];
    }
}
