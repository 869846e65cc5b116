using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace Piksel.EndToEnd.Tests.Infrastructure;

/// <summary>
/// A fresh working folder for AppHost processes, as a user's checkout looks to them: a copy of the repository's
/// <c>env/</c>, and <c>.piksel/</c> written there. Deleted on dispose.
/// </summary>
internal sealed partial class CliWorkDirectory : IDisposable
{
    public CliWorkDirectory(string purpose)
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"piksel-{purpose}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(System.IO.Path.Combine(Path, "env"));
        foreach (var file in Directory.GetFiles(System.IO.Path.Combine(PlatformFixture.RepositoryRoot(), "env"), "*.json"))
            File.Copy(file, System.IO.Path.Combine(Path, "env", System.IO.Path.GetFileName(file)));
    }

    /// <summary>The folder.</summary>
    public string Path { get; }

    /// <summary>A loopback port free right now, as text for <c>up --port</c> (never 4566, where a developer's environment runs).</summary>
    public static string FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary><c>up</c>'s ready line; its group is the AWS endpoint.</summary>
    [GeneratedRegex(@"ready in [0-9.]+ s: AWS (\S+)")]
    public static partial Regex ReadyLine();

    public void Dispose()
    {
        if (Directory.Exists(Path)) Directory.Delete(Path, recursive: true);
    }
}
