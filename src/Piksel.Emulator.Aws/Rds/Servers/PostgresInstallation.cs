using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Piksel.Emulator.Aws.Rds.Servers;

/// <summary>
/// The machine's PostgreSQL server binaries: where <c>initdb</c> and <c>postgres</c> are, and which major version they run.
/// Looked for in <c>PIKSEL_POSTGRES_BIN</c>, then <c>pg_config --bindir</c>, then the newest
/// <c>/usr/lib/postgresql/&lt;major&gt;/bin</c> (Debian and Ubuntu keep them off PATH), then <c>initdb</c> on PATH.
/// </summary>
internal sealed partial record PostgresInstallation(string BinDirectory, string Major)
{
    /// <summary>The environment variable naming a bin directory to use instead of searching.</summary>
    public const string BinVariable = "PIKSEL_POSTGRES_BIN";

    /// <summary>The <c>initdb</c> executable.</summary>
    public string InitDb => Path.Combine(BinDirectory, "initdb");

    /// <summary>The <c>postgres</c> server executable.</summary>
    public string Postgres => Path.Combine(BinDirectory, "postgres");

    /// <summary>
    /// Finds the binaries, or throws <see cref="DatabaseServerUnavailableException"/> saying where it looked and what to
    /// install. Runs <c>pg_config</c> and <c>postgres --version</c> only where they exist, so a machine without PostgreSQL
    /// is answered without starting a process.
    /// </summary>
    public static PostgresInstallation Find(string? configuredBin)
    {
        var looked = new List<string>();
        foreach (var candidate in Candidates(configuredBin, looked))
        {
            if (!File.Exists(Path.Combine(candidate, "initdb")) || !File.Exists(Path.Combine(candidate, "postgres"))) continue;
            var major = MajorOf(Path.Combine(candidate, "postgres"));
            if (major is not null) return new PostgresInstallation(candidate, major);
        }
        throw new DatabaseServerUnavailableException(
            $"PostgreSQL server binaries not found (looked in {string.Join(", ", looked.Distinct())}): install them, e.g. " +
            "`apt-get install postgresql` on Debian/Ubuntu or `brew install postgresql@16`, or set " +
            $"{BinVariable} to their bin directory.");
    }

    private static IEnumerable<string> Candidates(string? configuredBin, List<string> looked)
    {
        if (!string.IsNullOrWhiteSpace(configuredBin))
        {
            // An explicit choice is the only one: falling back elsewhere would run a server the user did not pick.
            looked.Add($"{BinVariable}={configuredBin}");
            yield return configuredBin;
            yield break;
        }
        var pgConfig = OnPath("pg_config");
        looked.Add("pg_config --bindir");
        if (pgConfig is not null && Run(pgConfig, "--bindir") is { Length: > 0 } bindir) yield return bindir.Trim();
        const string debian = "/usr/lib/postgresql";
        looked.Add($"{debian}/<major>/bin");
        if (Directory.Exists(debian))
        {
            var newest = Directory.EnumerateDirectories(debian)
                .Select(dir => (dir, major: int.TryParse(Path.GetFileName(dir), out var m) ? m : -1))
                .Where(d => d.major > 0)
                .OrderByDescending(d => d.major);
            foreach (var (dir, _) in newest) yield return Path.Combine(dir, "bin");
        }
        looked.Add("initdb on PATH");
        if (OnPath("initdb") is { } initdb)
        {
            // A symbolic link (/usr/local/bin/initdb → …/15/bin/initdb) names the directory postgres sits in.
            var resolved = new FileInfo(initdb).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? initdb;
            yield return Path.GetDirectoryName(resolved)!;
        }
    }

    private static string? MajorOf(string postgres)
    {
        var version = Run(postgres, "--version");
        var match = version is null ? null : VersionPattern().Match(version);
        return match is { Success: true } ? match.Groups[1].Value : null;
    }

    private static string? OnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, name))
            .FirstOrDefault(File.Exists);

    private static string? Run(string file, string argument)
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo(file, [argument]) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false })!;
            var output = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            return process.ExitCode == 0 ? output : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }

    // "postgres (PostgreSQL) 15.18 (Debian 15.18-0+deb12u1)", "postgres (PostgreSQL) 17beta1": the major is the first number.
    [GeneratedRegex(@"\(PostgreSQL\)\s+(\d+)")]
    private static partial Regex VersionPattern();
}
