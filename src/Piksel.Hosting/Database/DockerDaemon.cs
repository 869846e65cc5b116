using System.Net.Sockets;
using System.Text;

namespace Piksel.Hosting.Database;

/// <summary>
/// Where the Docker daemon answers: <c>DOCKER_HOST</c> when set (<c>unix://</c> or <c>tcp://</c>), else
/// <c>/var/run/docker.sock</c>; and whether it answers <c>GET /_ping</c> there.
/// </summary>
public static class DockerDaemon
{
    /// <summary>The daemon's endpoint as this machine configures it.</summary>
    public static Uri DefaultEndpoint =>
        Environment.GetEnvironmentVariable("DOCKER_HOST") is { Length: > 0 } host && Uri.TryCreate(host, UriKind.Absolute, out var uri)
            ? uri
            : new Uri("unix:///var/run/docker.sock");

    /// <summary>Whether a Docker daemon answers its ping at <paramref name="endpoint"/> within a couple of seconds.</summary>
    public static bool Answers(Uri endpoint)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        try
        {
            using var socket = endpoint.Scheme switch
            {
                "unix" => Connect(new UnixDomainSocketEndPoint(endpoint.AbsolutePath), AddressFamily.Unix, ProtocolType.Unspecified),
                "tcp" => Connect(new System.Net.DnsEndPoint(endpoint.Host, endpoint.Port), AddressFamily.InterNetwork, ProtocolType.Tcp),
                _ => null,
            };
            if (socket is null) return false;
            socket.Send(Encoding.ASCII.GetBytes("GET /_ping HTTP/1.0\r\nHost: docker\r\n\r\n"));
            var buffer = new byte[256];
            var read = socket.Receive(buffer);
            return Encoding.ASCII.GetString(buffer, 0, read).StartsWith("HTTP/1.", StringComparison.Ordinal)
                && Encoding.ASCII.GetString(buffer, 0, read).Contains(" 200 ", StringComparison.Ordinal);
        }
        catch (Exception e) when (e is SocketException or AggregateException or IOException)
        {
            return false;
        }
    }

    private static Socket Connect(System.Net.EndPoint endpoint, AddressFamily family, ProtocolType protocol)
    {
        var socket = endpoint is System.Net.DnsEndPoint
            ? new Socket(SocketType.Stream, protocol)
            : new Socket(family, SocketType.Stream, protocol);
        socket.ReceiveTimeout = 2000;
        socket.SendTimeout = 2000;
        try
        {
            // Connect has no timeout of its own: a tcp:// host that drops packets would hold `up` for minutes.
            var connect = socket.ConnectAsync(endpoint);
            if (!connect.Wait(TimeSpan.FromSeconds(2))) throw new SocketException((int)SocketError.TimedOut);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
