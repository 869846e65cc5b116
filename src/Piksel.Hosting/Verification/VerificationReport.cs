using System.Globalization;
using System.Text;

namespace Piksel.Hosting.Verification;

/// <summary>Every check of one verification run, and the table <c>verify</c> prints (then its matrices, if any).</summary>
public sealed class VerificationReport(IReadOnlyList<CheckResult> results, TimeSpan elapsed, IReadOnlyList<string>? matrices = null)
{
    /// <summary>The matrices the run rendered (reachability, RBAC), printed after the table. Default: none.</summary>
    public IReadOnlyList<string> Matrices { get; } = matrices ?? [];

    /// <summary>Every check in the order it ran.</summary>
    public IReadOnlyList<CheckResult> Results { get; } = results;

    /// <summary>How long the run took.</summary>
    public TimeSpan Elapsed { get; } = elapsed;

    /// <summary>True when no check failed.</summary>
    public bool Passed => Results.All(r => r.Outcome != CheckOutcome.Failed);

    /// <summary>How many checks came out as <paramref name="outcome"/>.</summary>
    public int Count(CheckOutcome outcome) => Results.Count(r => r.Outcome == outcome);

    /// <summary>The checks as an aligned text table, then one summary line.</summary>
    public string Render()
    {
        string[] headers = ["AREA", "SUBJECT", "CHECK", "RESULT", "DETAIL"];
        var rows = Results.Select(r => new[] { r.Area, r.Subject, r.Check, Label(r.Outcome), r.Detail }).ToList();
        var widths = headers.Select((h, i) => Math.Max(h.Length, rows.Count == 0 ? 0 : rows.Max(row => row[i].Length))).ToArray();
        var text = new StringBuilder();
        void Line(string[] cells) =>
            text.AppendLine(string.Join("  ", cells.Select((c, i) => i == cells.Length - 1 ? c : c.PadRight(widths[i]))).TrimEnd());
        Line(headers);
        rows.ForEach(Line);
        foreach (var matrix in Matrices)
        {
            text.AppendLine().Append(matrix);
        }

        text.AppendLine()
            .Append(Passed ? "Verification passed" : "Verification FAILED")
            .Append(CultureInfo.InvariantCulture, $": {Count(CheckOutcome.Passed)} passed, {Count(CheckOutcome.Failed)} failed, {Count(CheckOutcome.Skipped)} skipped in {Elapsed.TotalSeconds:F1} s.");
        return text.ToString();
    }

    private static string Label(CheckOutcome outcome) => outcome switch
    {
        CheckOutcome.Passed => "pass",
        CheckOutcome.Failed => "FAIL",
        _ => "skip",
    };
}
