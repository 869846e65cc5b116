using System.Net;
using System.Net.Sockets;

namespace Piksel.Emulator.Aws.Rds.Servers;

/// <summary>Ports on the loopback interfaces a server may listen on.</summary>
internal static class LoopbackPorts
{
    /// <summary>A port the system just handed out on 127.0.0.1 (free on ::1 too where IPv6 exists).</summary>
    public static int Free()
    {
        for (var attempt = 0; ; attempt++)
        {
            var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            var port = ((IPEndPoint)listener.LocalEndpoint).Port;
            listener.Stop();
            if (IsFree(port) || attempt >= 20) return port;
        }
    }

    /// <summary>Whether nothing listens on <paramref name="port"/> at 127.0.0.1 or ::1 (listen_addresses='localhost' takes both).</summary>
    public static bool IsFree(int port) => CanBind(IPAddress.Loopback, port) && (!Socket.OSSupportsIPv6 || CanBind(IPAddress.IPv6Loopback, port, missingIsFree: true));

    private static bool CanBind(IPAddress address, int port, bool missingIsFree = false)
    {
        try
        {
            var listener = new TcpListener(address, port);
            listener.Start();
            listener.Stop();
            return true;
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.AddressNotAvailable)
        {
            // No ::1 on this machine (IPv6 off in a container): PostgreSQL listens on 127.0.0.1 alone.
            return missingIsFree;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
