using System.Net;
using System.Net.Sockets;
using Amazon.Runtime;

namespace Piksel.Emulator.Aws.Tests.S3;

/// <summary>
/// Connects every host name to 127.0.0.1, as RFC 6761 says <c>*.localhost</c> should resolve: plain glibc resolvers
/// (CI containers) do not resolve <c>bucket.localhost</c>, though macOS and systemd-resolved do. The Host header,
/// which is what virtual-hosted S3 routes on, is left as the SDK wrote it.
/// </summary>
internal sealed class LoopbackHttpClientFactory : HttpClientFactory
{
    public override HttpClient CreateHttpClient(IClientConfig clientConfig) =>
        new(new SocketsHttpHandler
        {
            ConnectCallback = async (context, cancellationToken) =>
            {
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    await socket.ConnectAsync(IPAddress.Loopback, context.DnsEndPoint.Port, cancellationToken);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        });
}
