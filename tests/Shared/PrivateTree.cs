using System.Text;

namespace Piksel.Testing;

/// <summary>
/// Checks on a directory as another user of the machine would meet it: every directory and file owner-only, and no
/// secret's bytes in any file. Shared by the test projects whose emulators or AppHost write state.
/// </summary>
public static class PrivateTree
{
    private const UnixFileMode GroupOrOther =
        UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute |
        UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    /// <summary>True where file modes mean something (not on Windows): the gate of the tests that check them.</summary>
    public static bool UnixPermissions => !OperatingSystem.IsWindows();

    /// <summary>Every file under <paramref name="root"/>.</summary>
    public static IReadOnlyList<string> Files(string root) => Directory.GetFiles(root, "*", SearchOption.AllDirectories);

    /// <summary>Fails naming each directory or file under <paramref name="root"/> (itself included) that group or others may open.</summary>
    public static void AssertOwnerOnly(string root)
    {
        // Tests that call this are gated by UnixPermissions; reaching here on Windows is a missing gate.
        if (OperatingSystem.IsWindows()) throw new PlatformNotSupportedException("Unix file modes: gate the test with PrivateTree.UnixPermissions.");
        var entries = new List<string> { root };
        entries.AddRange(Directory.GetFileSystemEntries(root, "*", SearchOption.AllDirectories));
        var open = new List<string>();
        foreach (var entry in entries)
        {
            var mode = File.GetUnixFileMode(entry);
            if ((mode & GroupOrOther) != 0) open.Add($"{entry} {Convert.ToString((int)mode, 8)}");
        }
        Assert.True(open.Count == 0, "readable by group or others:\n" + string.Join('\n', open));
        Assert.True(entries.Count > 1, $"{root} is empty: nothing was checked");
    }

    /// <summary>Fails naming the file and the secret when any file under <paramref name="root"/> holds one of <paramref name="secrets"/> (as UTF-8 text and as base64).</summary>
    public static void AssertNowhere(string root, params (string What, string Value)[] secrets)
    {
        var needles = secrets.SelectMany(s => new[]
        {
            (s.What, Bytes: Encoding.UTF8.GetBytes(s.Value)),
            (s.What + " (base64)", Bytes: Encoding.ASCII.GetBytes(Convert.ToBase64String(Encoding.UTF8.GetBytes(s.Value)))),
        }).ToList();
        AssertNowhere(root, needles);
    }

    /// <summary>Fails naming the file and the secret when any file under <paramref name="root"/> holds one of the byte strings.</summary>
    public static void AssertNowhere(string root, IReadOnlyList<(string What, byte[] Bytes)> secrets)
    {
        var found = new List<string>();
        foreach (var file in Files(root))
        {
            var bytes = File.ReadAllBytes(file);
            foreach (var (what, needle) in secrets)
                if (bytes.AsSpan().IndexOf(needle) >= 0) found.Add($"{what} in {file}");
        }
        Assert.True(found.Count == 0, "in clear on disk:\n" + string.Join('\n', found));
    }
}
