namespace Piksel.Emulator.Kubernetes.Controllers.Scheduler;

/// <summary>
/// The FailedScheduling message (framework.FitError.Error): <c>0/N nodes are available: </c> then each reason prefixed by
/// the number of nodes it held back, sorted as strings, then what the default preemption plugin reported, in the same shape:
/// nodes held back for what evicting pods cannot change are "Preemption is not helpful for scheduling", the others
/// "No preemption victims found for incoming pod" (nothing is preempted here).
/// </summary>
public static class FitError
{
    /// <summary>The message for a pod that fits none of <paramref name="nodeCount"/> nodes, given each node's verdict.</summary>
    public static string Message(int nodeCount, IReadOnlyCollection<NodeVerdict> verdicts)
    {
        var reasons = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var reason in verdicts.SelectMany(v => v.Reasons)) reasons[reason] = reasons.GetValueOrDefault(reason) + 1;
        var preemption = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var verdict in verdicts)
        {
            var reason = verdict.Resolvable ? "No preemption victims found for incoming pod" : "Preemption is not helpful for scheduling";
            preemption[reason] = preemption.GetValueOrDefault(reason) + 1;
        }
        var message = $"0/{nodeCount} nodes are available:";
        if (reasons.Count > 0) message += $" {Histogram(reasons)}.";
        return message + $" preemption: 0/{nodeCount} nodes are available:" + (preemption.Count > 0 ? $" {Histogram(preemption)}." : "");
    }

    /// <summary>
    /// The message when a PreFilter plugin refused the pod before any node was looked at: its message in place of the
    /// histogram, and every node held back for what preemption cannot change.
    /// </summary>
    public static string PreFilter(int nodeCount, string message) =>
        $"0/{nodeCount} nodes are available: {message}. preemption: 0/{nodeCount} nodes are available: {nodeCount} Preemption is not helpful for scheduling.";

    private static string Histogram(Dictionary<string, int> reasons) =>
        string.Join(", ", reasons.Select(r => $"{r.Value} {r.Key}").Order(StringComparer.Ordinal));
}
