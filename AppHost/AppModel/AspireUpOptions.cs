namespace Piksel.AppHost.AppModel;

/// <summary>
/// What <c>up</c> in Aspire mode honours: <c>--env</c>, <c>--port</c> and <c>--set</c>. Any other option (<c>--headless</c>,
/// <c>--provider</c>, the fault options, an unknown one) is the headless path's, which parses and answers it as before.
/// </summary>
/// <param name="Env">The environment (default <c>local</c>).</param>
/// <param name="Port">The AWS endpoint's port (default 4566).</param>
/// <param name="Set">The <c>--set field=value</c> overrides.</param>
internal sealed record AspireUpOptions(string Env, int Port, IReadOnlyList<string> Set)
{
    /// <summary>The options the dashboard app does not run, with why (printed once when they send <c>up</c> headless).</summary>
    private static readonly Dictionary<string, string> Headless = new(StringComparer.Ordinal)
    {
        ["--fault"] = "fault injection",
        ["--faults"] = "fault injection",
        ["--fault-seed"] = "fault injection",
        ["--provider"] = "another provider",
    };

    /// <summary>The options of <c>up</c> arguments (<c>args[0] == "up"</c>, or none) when Aspire mode runs them all; null otherwise.</summary>
    public static AspireUpOptions? TryParse(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        if (args.Length == 0) return new AspireUpOptions("local", 4566, []);
        if (args[0] != "up") return null;
        var env = "local";
        var port = 4566;
        var set = new List<string>();
        for (var i = 1; i < args.Length; i++)
        {
            var (name, inline) = args[i].IndexOf('=', StringComparison.Ordinal) is > 0 and var eq && args[i].StartsWith("--", StringComparison.Ordinal)
                ? (args[i][..eq], args[i][(eq + 1)..])
                : (args[i], null);
            var value = inline ?? (i + 1 < args.Length ? args[++i] : null);
            switch (name)
            {
                case "--env" when value is { Length: > 0 }:
                    env = value;
                    break;
                case "--port" when int.TryParse(value, out var p) && p is >= 0 and <= 65535:
                    port = p;
                    break;
                case "--set" when value is not null:
                    set.Add(value);
                    break;
                default:
                    // --headless, the fault options, a bad value or an unknown option: the headless path answers it.
                    return null;
            }
        }
        return new AspireUpOptions(env, port, set);
    }

    /// <summary>The one-line note printed when <paramref name="args"/> send a non-headless <c>up</c> to the headless path, or null.</summary>
    public static string? HeadlessNote(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        if (args.Length == 0 || args[0] != "up" || args.Contains("--headless")) return null;
        var why = args.Skip(1).Select(a => a.Split('=')[0]).Where(Headless.ContainsKey).Select(a => $"{a} ({Headless[a]})").Distinct().ToList();
        return why.Count == 0 ? null : $"note: the dashboard does not run {string.Join(", ", why)}: starting as up --headless.";
    }
}
