namespace Piksel.Emulator.Kubernetes.Tests.Kubectl;

/// <summary>The versioned kubectl binaries installed beside the <c>kubectl</c> on PATH (<c>kubectl.1.27</c>, <c>kubectl.1.33</c>).</summary>
public static class KubectlBinaries
{
    /// <summary>The versions every kubectl test runs against: the oldest and newest the platform supports.</summary>
    public static readonly string[] Versions = ["1.27", "1.33"];

    private static readonly Lazy<string?> Directory = new(() =>
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(dir, "kubectl");
            if (!File.Exists(candidate)) continue;
            var target = File.ResolveLinkTarget(candidate, returnFinalTarget: true)?.FullName ?? candidate;
            return Path.GetDirectoryName(target);
        }
        return null;
    });

    /// <summary>The path of <c>kubectl.&lt;version&gt;</c>, or null when it is not installed.</summary>
    public static string? Find(string version) =>
        Directory.Value is { } dir && File.Exists(Path.Combine(dir, $"kubectl.{version}")) ? Path.Combine(dir, $"kubectl.{version}") : null;

    /// <summary>Whether every version in <see cref="Versions"/> is installed (for tests that compare them).</summary>
    public static bool AllInstalled => Versions.All(v => Find(v) is not null);

    /// <summary>Theory rows, one per version; a missing binary skips its row with the reason.</summary>
    public static IEnumerable<TheoryDataRow<string>> All() =>
        Versions.Select(version => new TheoryDataRow<string>(version) { Skip = Find(version) is null ? $"kubectl.{version} is not installed beside kubectl on PATH" : null });
}

/// <summary>A theory over <see cref="KubectlBinaries.Versions"/>, skipped when no versioned kubectl is installed.</summary>
public sealed class KubectlTheoryAttribute : TheoryAttribute
{
    public KubectlTheoryAttribute(
        [System.Runtime.CompilerServices.CallerFilePath] string? sourceFilePath = null,
        [System.Runtime.CompilerServices.CallerLineNumber] int sourceLineNumber = -1) : base(sourceFilePath, sourceLineNumber)
    {
        if (KubectlBinaries.Versions.All(v => KubectlBinaries.Find(v) is null))
            Skip = "kubectl.1.27 / kubectl.1.33 are not installed beside kubectl on PATH";
    }
}
