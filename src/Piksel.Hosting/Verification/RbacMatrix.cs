using System.Text;
using Piksel.Platform.Verification;

namespace Piksel.Hosting.Verification;

/// <summary>
/// What each workload namespace's developer group may do, as the cluster's authorizer answers (SubjectAccessReview),
/// against the definition's intent: get and list pods in its namespace; no Secrets, no Deployment writes, nothing in
/// another namespace.
/// </summary>
public sealed class RbacMatrix
{
    private RbacMatrix(IReadOnlyList<AccessReviewCell> cells) => Cells = cells;

    /// <summary>Every cell, group by group.</summary>
    public IReadOnlyList<AccessReviewCell> Cells { get; }

    /// <summary>
    /// Asks <paramref name="decide"/> each cell of <paramref name="expectations"/>; an exception becomes a cell without an
    /// answer (its message the reason), so one refusal does not hide the rest.
    /// </summary>
    public static async Task<RbacMatrix> EvaluateAsync(
        IReadOnlyList<AccessReviewExpectation> expectations, Func<AccessReviewExpectation, CancellationToken, Task<bool>> decide, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(expectations);
        ArgumentNullException.ThrowIfNull(decide);
        var cells = new List<AccessReviewCell>();
        foreach (var expectation in expectations)
        {
            try
            {
                cells.Add(new AccessReviewCell(expectation, await decide(expectation, cancellationToken)));
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                cells.Add(new AccessReviewCell(expectation, null, e.Message));
            }
        }

        return new RbacMatrix(cells);
    }

    /// <summary>One check per group: passed when every answer is the intended one, else failed naming each wrong cell.</summary>
    public IReadOnlyList<CheckResult> Results() =>
        [.. Cells.GroupBy(c => c.Expectation.Group).Select(group =>
        {
            var wrong = group.Where(c => !c.AsIntended).ToList();
            var check = $"may do only what its Role grants ({group.Count()} access reviews)";
            return wrong.Count == 0
                ? new CheckResult("RBAC", group.Key, check, CheckOutcome.Passed, string.Join(", ", group.Select(c => c.Describe())))
                : new CheckResult("RBAC", group.Key, check, CheckOutcome.Failed, string.Join("; ", wrong.Select(c => c.Describe())));
        })];

    /// <summary>The matrix as text: a row per group, its cells as <c>yes</c>/<c>no</c>, <c>!</c> marking a cell against intent.</summary>
    public string Render()
    {
        var groups = Cells.GroupBy(c => c.Expectation.Group).ToList();
        var width = groups.Count == 0 ? 0 : groups.Max(g => g.Count());
        string[] headers = ["GROUP", .. Enumerable.Range(1, width).Select(i => $"REVIEW {i}")];
        var rows = groups.Select(g => new[] { g.Key }
            .Concat(g.Select(c => $"{c.Expectation.Name}: {(c.Allowed is null ? "?" : c.Allowed.Value ? "yes" : "no")}{(c.AsIntended ? "" : " !")}"))
            .Concat(Enumerable.Repeat("", width - g.Count()))
            .ToArray()).ToList();
        var text = new StringBuilder("RBAC (SubjectAccessReview per developer group; ! = against the declared intent)").AppendLine();
        TextTable.Append(text, headers, rows);
        return text.ToString();
    }
}
