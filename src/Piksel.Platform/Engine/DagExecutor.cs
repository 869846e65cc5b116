using Piksel.Platform.Spec;

namespace Piksel.Platform.Engine;

/// <summary>
/// Runs one action per node once every node it waits for has succeeded, at most <c>maxParallelism</c> at a time,
/// starting ready nodes in the order given. A failure skips everything that waits on it (transitively); the rest
/// carries on, as Terraform does.
/// </summary>
internal static class DagExecutor
{
    public static async Task<IReadOnlyDictionary<ResourceId, NodeOutcome>> RunAsync(
        IReadOnlyList<ResourceId> nodes,
        Func<ResourceId, IEnumerable<ResourceId>> waitsFor,
        Func<ResourceId, CancellationToken, Task> action,
        Action<ResourceId, ResourceId> onSkipped,
        int maxParallelism,
        CancellationToken cancellationToken)
    {
        var index = nodes.Select((id, i) => (id, i)).ToDictionary(p => p.id, p => p.i);
        var pending = nodes.ToDictionary(id => id, id => waitsFor(id).Where(index.ContainsKey).ToHashSet());
        var waiters = nodes.ToDictionary(id => id, _ => new List<ResourceId>());
        foreach (var (id, deps) in pending)
        {
            foreach (var dep in deps)
            {
                waiters[dep].Add(id);
            }
        }

        var outcomes = new Dictionary<ResourceId, NodeOutcome>();
        var ready = new PriorityQueue<ResourceId, int>();
        foreach (var id in nodes.Where(id => pending[id].Count == 0))
        {
            ready.Enqueue(id, index[id]);
        }

        var running = new Dictionary<Task, ResourceId>();
        while (ready.Count > 0 || running.Count > 0)
        {
            while (ready.Count > 0 && running.Count < maxParallelism)
            {
                var id = ready.Dequeue();
                running[Task.Run(() => action(id, cancellationToken), cancellationToken)] = id;
            }

            var finished = await Task.WhenAny(running.Keys);
            var done = running[finished];
            running.Remove(finished);
            if (finished.Exception is { } error)
            {
                outcomes[done] = new NodeOutcome(error.InnerExceptions.Count == 1 ? error.InnerException! : error, null);
                Skip(done, done, waiters, outcomes, onSkipped);
                continue;
            }

            if (finished.IsCanceled)
            {
                outcomes[done] = new NodeOutcome(new OperationCanceledException(cancellationToken), null);
                Skip(done, done, waiters, outcomes, onSkipped);
                continue;
            }

            outcomes[done] = NodeOutcome.Succeeded;
            foreach (var waiter in waiters[done])
            {
                if (pending[waiter].Remove(done) && pending[waiter].Count == 0 && !outcomes.ContainsKey(waiter))
                {
                    ready.Enqueue(waiter, index[waiter]);
                }
            }
        }

        cancellationToken.ThrowIfCancellationRequested();

        // Callers only pass acyclic waits; a node left over would mean one was not, and must not pass silently.
        foreach (var id in nodes.Where(id => !outcomes.ContainsKey(id)))
        {
            outcomes[id] = new NodeOutcome(new InvalidOperationException($"{id} waited on a cycle and never ran."), null);
        }

        return outcomes;
    }

    private static void Skip(
        ResourceId failed,
        ResourceId from,
        Dictionary<ResourceId, List<ResourceId>> waiters,
        Dictionary<ResourceId, NodeOutcome> outcomes,
        Action<ResourceId, ResourceId> onSkipped)
    {
        foreach (var waiter in waiters[from])
        {
            if (outcomes.TryAdd(waiter, new NodeOutcome(null, failed)))
            {
                onSkipped(waiter, failed);
                Skip(failed, waiter, waiters, outcomes, onSkipped);
            }
        }
    }
}
