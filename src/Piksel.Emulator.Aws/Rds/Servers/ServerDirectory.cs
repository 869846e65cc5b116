using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Piksel.Emulator.Aws.Rds.Servers;

/// <summary>
/// One server's files under the servers' root: <c>&lt;root&gt;/&lt;key&gt;/data</c> (the cluster initdb makes),
/// <c>server.log</c> (the postmaster's stderr), <c>bootstrap</c> (the bootstrap role's password), <c>port</c> (the port it
/// last listened on) and the directory of its Unix socket.
/// </summary>
internal sealed class ServerDirectory
{
    // sockaddr_un.sun_path holds 108 bytes with its terminating NUL; PostgreSQL names the socket ".s.PGSQL.<port>".
    private const int MaxSocketPath = 107;

    /// <summary>The bootstrap superuser: owns the cluster, makes the master role; like RDS's own <c>rdsadmin</c>.</summary>
    public const string BootstrapRole = "rdsadmin";

    public ServerDirectory(string root, string key)
    {
        Path = System.IO.Path.GetFullPath(System.IO.Path.Combine(root, key));
        Data = System.IO.Path.Combine(Path, "data");
        Log = System.IO.Path.Combine(Path, "server.log");
        BootstrapPasswordFile = System.IO.Path.Combine(Path, "bootstrap");
        PortFile = System.IO.Path.Combine(Path, "port");
        var local = System.IO.Path.Combine(Path, "run");
        // A long state path would overflow the socket's name: then a short private directory under /tmp, named after the data.
        Socket = Encoding.UTF8.GetByteCount(System.IO.Path.Combine(local, ".s.PGSQL.65535")) <= MaxSocketPath
            ? local
            : $"/tmp/piksel-pg-{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Data)))[..16]}";
    }

    /// <summary>The server's own directory.</summary>
    public string Path { get; }

    /// <summary>The PostgreSQL data directory.</summary>
    public string Data { get; }

    /// <summary>The server's log file.</summary>
    public string Log { get; }

    /// <summary>The file keeping the bootstrap role's password, owner-only.</summary>
    public string BootstrapPasswordFile { get; }

    /// <summary>The file keeping the port the server last listened on.</summary>
    public string PortFile { get; }

    /// <summary>The directory of the server's Unix socket.</summary>
    public string Socket { get; }

    /// <summary>Whether the server was made (its data directory initialised).</summary>
    public bool Exists => File.Exists(System.IO.Path.Combine(Data, "PG_VERSION")) && File.Exists(BootstrapPasswordFile);

    /// <summary>The bootstrap role's password.</summary>
    public string ReadBootstrapPassword() => File.ReadAllText(BootstrapPasswordFile).Trim();

    /// <summary>The port the server last listened on, if known.</summary>
    public int? ReadPort() =>
        File.Exists(PortFile) && int.TryParse(File.ReadAllText(PortFile).Trim(), CultureInfo.InvariantCulture, out var port) ? port : null;

    /// <summary>Keeps the port the server listens on, so a restart tries it first (clients may still hold the endpoint).</summary>
    public void WritePort(int port) => PrivateFiles.WriteAllText(PortFile, port.ToString(CultureInfo.InvariantCulture));

    /// <summary>The process id in <c>postmaster.pid</c>, if there is one.</summary>
    public int? ReadPostmasterPid()
    {
        var pidFile = System.IO.Path.Combine(Data, "postmaster.pid");
        try
        {
            var first = File.ReadLines(pidFile).FirstOrDefault();
            return int.TryParse(first, CultureInfo.InvariantCulture, out var pid) ? pid : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>The last lines of the server's log, to quote in an error (PostgreSQL logs no password: see the config).</summary>
    public string LogTail(int lines = 12)
    {
        try
        {
            var tail = File.ReadLines(Log).TakeLast(lines).ToList();
            return tail.Count == 0 ? "(the server log is empty)" : string.Join(Environment.NewLine, tail);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return "(no server log)";
        }
    }
}
