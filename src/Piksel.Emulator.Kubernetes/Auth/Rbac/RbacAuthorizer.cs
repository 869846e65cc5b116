using Piksel.Emulator.Kubernetes.Api;
using Piksel.Emulator.Kubernetes.Storage;

namespace Piksel.Emulator.Kubernetes.Auth.Rbac;

/// <summary>
/// kube-apiserver's RBAC authorizer: a request is allowed when a rule of a role bound to the user (by name, group or
/// service account) covers it — ClusterRoleBindings everywhere, RoleBindings in their namespace; there is no deny. The
/// decision reads an <see cref="RbacIndex"/> that is rebuilt when a role or binding changes: the store's watch events
/// are published before a write returns, so a binding is in force for the next request after it was written.
/// </summary>
public sealed class RbacAuthorizer : IRequestAuthorizer, IDisposable
{
    private static readonly ResourceType[] Watched = [BuiltInResources.Roles, BuiltInResources.ClusterRoles, BuiltInResources.RoleBindings, BuiltInResources.ClusterRoleBindings];
    private readonly ObjectStore store;
    private readonly Lock gate = new();
    private ObjectStore.Watcher[] watchers;
    private RbacIndex index;

    /// <summary>An authorizer over the roles and bindings in <paramref name="store"/>.</summary>
    public RbacAuthorizer(ObjectStore store)
    {
        this.store = store;
        watchers = Subscribe();
        index = RbacIndex.Build(store);
    }

    /// <summary>The store the roles and bindings are read from.</summary>
    public ObjectStore Store => store;

    /// <summary>The index as of the last role or binding written.</summary>
    public RbacIndex Index
    {
        get
        {
            Refresh();
            return index;
        }
    }

    /// <inheritdoc />
    public string? Authorize(RequestAttributes attributes) => Index.Allows(attributes) ? null : "";

    /// <summary>Why RBAC allows <paramref name="attributes"/> (the binding, role and subject), or null when it does not.</summary>
    public string? Explain(RequestAttributes attributes) => Index.AllowedBy(attributes);

    /// <summary>The rules that apply to <paramref name="user"/> in <paramref name="ns"/> (cluster-wide ones when empty), in binding order.</summary>
    public IReadOnlyList<PolicyRule> RulesFor(UserInfo user, string? ns) => [.. Index.GrantsFor(user, ns).SelectMany(g => g.Rules)];

    private ObjectStore.Watcher[] Subscribe()
    {
        var version = store.ResourceVersion;
        return [.. Watched.Select(t => store.Watch(t, null, version))];
    }

    /// <summary>Rebuilds the index when a role or binding changed since it was built.</summary>
    private void Refresh()
    {
        // Under the lock even when nothing changed: a reader must not pass a rebuild another thread has drained the events for.
        lock (gate)
        {
            var changed = false;
            foreach (var w in watchers)
            {
                while (w.Events.TryRead(out _)) changed = true;
                if (w.Events.Completion.IsCompleted) changed = true;
            }
            if (!changed) return;
            // A watcher that fell behind (or a store that closed it) is replaced; the full rebuild below catches up.
            if (watchers.Any(w => w.Events.Completion.IsCompleted))
            {
                foreach (var w in watchers) w.Dispose();
                watchers = Subscribe();
            }
            index = RbacIndex.Build(store);
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        lock (gate)
            foreach (var w in watchers) w.Dispose();
    }
}
