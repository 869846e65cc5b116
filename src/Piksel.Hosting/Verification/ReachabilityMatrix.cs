using System.Text;
using Piksel.Platform.Kubernetes.NetworkPolicies;
using Piksel.Platform.Verification;

namespace Piksel.Hosting.Verification;

/// <summary>
/// Which workload namespace may reach which (each namespace's representative endpoint, and kube-dns), as the
/// NetworkPolicies in force answer, cell by cell against the definition's intent. A namespace's traffic to itself is
/// not a cell: the flows table speaks only of traffic between namespaces.
/// </summary>
public sealed class ReachabilityMatrix
{
    private ReachabilityMatrix(IReadOnlyList<WorkloadEndpoint> columns, IReadOnlyList<ReachabilityCell> cells)
    {
        Columns = columns;
        Cells = cells;
    }

    /// <summary>The destinations: kube-dns, then every workload namespace.</summary>
    public IReadOnlyList<WorkloadEndpoint> Columns { get; }

    /// <summary>Every cell, row by row.</summary>
    public IReadOnlyList<ReachabilityCell> Cells { get; }

    /// <summary>The matrix of <paramref name="expectations"/> as <paramref name="evaluator"/> answers it.</summary>
    public static ReachabilityMatrix Evaluate(GuardRailExpectations expectations, NetworkPolicyEvaluator evaluator)
    {
        ArgumentNullException.ThrowIfNull(expectations);
        ArgumentNullException.ThrowIfNull(evaluator);
        WorkloadEndpoint[] columns = [expectations.Dns, .. expectations.Endpoints];
        var cells = new List<ReachabilityCell>();
        foreach (var source in expectations.Endpoints)
        {
            foreach (var destination in columns.Where(c => c.Namespace != source.Namespace))
            {
                var verdict = evaluator.Evaluate(Endpoint(source), Endpoint(destination), destination.Port, destination.Protocol);
                cells.Add(new ReachabilityCell(source.Namespace, destination, expectations.Intends(source.Namespace, destination), verdict));
            }
        }

        return new ReachabilityMatrix(columns, cells);
    }

    /// <summary>One check per source namespace: passed when its row is as intended, else failed naming each wrong cell and why.</summary>
    public IReadOnlyList<CheckResult> Results() =>
        [.. Cells.GroupBy(c => c.From).Select(row =>
        {
            var wrong = row.Where(c => !c.AsIntended).ToList();
            var check = $"reaches only what it declares ({row.Count()} destinations)";
            return wrong.Count == 0
                ? new CheckResult("NetworkPolicy", row.Key, check, CheckOutcome.Passed, Allowed(row))
                : new CheckResult("NetworkPolicy", row.Key, check, CheckOutcome.Failed, string.Join("; ", wrong.Select(c => c.Describe())));
        })];

    /// <summary>The matrix as text: a row per source, a column per destination, <c>!</c> marking a cell against intent.</summary>
    public string Render()
    {
        var rows = Cells.Select(c => c.From).Distinct().ToList();
        string[] headers = ["FROM \\ TO", .. Columns.Select(c => c.Name)];
        var table = rows.Select(from => new[] { from }.Concat(Columns.Select(to =>
        {
            var cell = Cells.FirstOrDefault(c => c.From == from && c.To == to);
            return cell is null ? "-" : (cell.Verdict.Allowed ? "allow" : "deny") + (cell.AsIntended ? "" : " !");
        })).ToArray()).ToList();
        var text = new StringBuilder("Reachability (NetworkPolicies in force; ! = against the declared intent)").AppendLine();
        TextTable.Append(text, headers, table);
        return text.ToString();
    }

    private static string Allowed(IEnumerable<ReachabilityCell> row)
    {
        var allowed = row.Where(c => c.Verdict.Allowed).Select(c => c.To.Name).ToList();
        return allowed.Count == 0 ? "everything denied" : $"allowed: {string.Join(", ", allowed)}; the rest denied";
    }

    private static NetworkEndpoint Endpoint(WorkloadEndpoint endpoint) =>
        NetworkEndpoint.Pod(endpoint.Namespace, endpoint.Labels, [new NamedPort(endpoint.PortName, endpoint.Port, endpoint.Protocol)]);
}
