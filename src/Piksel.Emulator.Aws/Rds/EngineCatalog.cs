namespace Piksel.Emulator.Aws.Rds;

/// <summary>
/// The PostgreSQL versions RDS offers (AWS's upgrade documentation and release notes: 15.x, 16.1–16.11, 17.1–17.7),
/// narrowed to the majors the servers here can run: an instance can only be made for a major the machine has.
/// </summary>
internal sealed class EngineCatalog(IReadOnlyList<string> runnableMajors)
{
    private static readonly Dictionary<string, string[]> Minors = new(StringComparer.Ordinal)
    {
        ["15"] = [.. Enumerable.Range(2, 14).Select(m => $"15.{m}")],
        ["16"] = [.. Enumerable.Range(1, 11).Select(m => $"16.{m}")],
        ["17"] = [.. Enumerable.Range(1, 7).Select(m => $"17.{m}")],
    };

    /// <summary>The majors instances can be made for, in order.</summary>
    public IReadOnlyList<string> Majors { get; } = [.. runnableMajors.Where(Minors.ContainsKey).OrderBy(m => int.Parse(m, System.Globalization.CultureInfo.InvariantCulture))];

    /// <summary>Every runnable version, oldest first.</summary>
    public IEnumerable<string> Versions => Majors.SelectMany(m => Minors[m]);

    /// <summary>The parameter group family of a version (<c>postgres16</c>).</summary>
    public static string Family(string version) => "postgres" + Major(version);

    /// <summary>The major of <c>16.4</c> or <c>16</c>.</summary>
    public static string Major(string version) => version.Split('.')[0];

    /// <summary>True when <paramref name="family"/> is one RDS knows for PostgreSQL, runnable here or not.</summary>
    public static bool KnownFamily(string family) => family.StartsWith("postgres", StringComparison.Ordinal) && Minors.ContainsKey(family["postgres".Length..]);

    /// <summary>
    /// The full version <paramref name="requested"/> names (a major alone is its newest minor; none is the newest runnable);
    /// InvalidParameterCombination "Cannot find version" when RDS has no such version or the machine cannot run its major.
    /// </summary>
    public string Resolve(string? requested)
    {
        if (requested is null)
            return Majors.Count == 0 ? throw NotFound("(none)") : Minors[Majors[^1]][^1];
        var major = Major(requested);
        if (!Majors.Contains(major, StringComparer.Ordinal)) throw NotFound(requested);
        var minors = Minors[major];
        if (requested == major) return minors[^1];
        return minors.Contains(requested, StringComparer.Ordinal) ? requested : throw NotFound(requested);
    }

    private Protocol.AwsServiceException NotFound(string version) =>
        RdsErrors.InvalidParameterCombination($"Cannot find version {RdsParameters.Printable(version)} for postgres. This emulator runs the machine's PostgreSQL "
            + (Majors.Count == 0 ? "(none is installed)" : string.Join(", ", Majors)) + ", so only those major versions can be created.");
}
