using System.Net.Sockets;
using System.Runtime.CompilerServices;
using System.Text;

namespace Piksel.Testing;

/// <summary>A fact that needs a Docker daemon; skipped, saying so, where none answers (DOCKER_HOST, else /var/run/docker.sock).</summary>
public sealed class DockerFactAttribute : FactAttribute
{
    public DockerFactAttribute([CallerFilePath] string? sourceFilePath = null, [CallerLineNumber] int sourceLineNumber = -1)
        : base(sourceFilePath, sourceLineNumber)
    {
        Skip = "needs a Docker daemon (none reachable here)";
        SkipUnless = nameof(Reachable);
        SkipType = typeof(DockerFactAttribute);
    }

    /// <summary>Whether a Docker daemon answers <c>GET /_ping</c>; checked once per test run.</summary>
    public static bool Reachable { get; } = Ping();

    private static bool Ping()
    {
        var host = Environment.GetEnvironmentVariable("DOCKER_HOST");
        var endpoint = string.IsNullOrEmpty(host) ? new Uri("unix:///var/run/docker.sock") : new Uri(host);
        try
        {
            using var socket = endpoint.Scheme == "unix"
                ? new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified)
                : new Socket(SocketType.Stream, ProtocolType.Tcp);
            socket.ReceiveTimeout = 2000;
            var connect = endpoint.Scheme == "unix"
                ? socket.ConnectAsync(new UnixDomainSocketEndPoint(endpoint.AbsolutePath))
                : socket.ConnectAsync(endpoint.Host, endpoint.Port);
            if (!connect.Wait(TimeSpan.FromSeconds(2))) return false;
            socket.Send(Encoding.ASCII.GetBytes("GET /_ping HTTP/1.0\r\nHost: docker\r\n\r\n"));
            var buffer = new byte[256];
            var read = socket.Receive(buffer);
            return Encoding.ASCII.GetString(buffer, 0, read).Contains(" 200 ", StringComparison.Ordinal);
        }
        catch (Exception e) when (e is SocketException or AggregateException or IOException or UriFormatException)
        {
            return false;
        }
    }
}
