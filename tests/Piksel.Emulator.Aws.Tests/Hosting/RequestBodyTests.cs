using System.Net.Sockets;
using System.Text;
using Piksel.Emulator.Aws.Tests.Infrastructure;

namespace Piksel.Emulator.Aws.Tests.Hosting;

/// <summary>
/// A body the edge cannot read (HTTP chunked framing that breaks off, a length no buffer can hold) is answered in the
/// service's protocol, not with Kestrel's bare 400 or a 500: the bytes are written by hand on a socket, as no HTTP
/// client would send them.
/// </summary>
[Collection(EmulatorCollection.Name)]
public sealed class RequestBodyTests(EmulatorFixture fixture)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Broken_chunked_framing_is_IncompleteBody_in_the_services_shape()
    {
        var answer = await RawAsync("POST / HTTP/1.1\r\nHost: localhost\r\nX-Amz-Target: TrentService.ListKeys\r\nContent-Type: application/x-amz-json-1.1\r\n"
            + "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\nzz\r\n{}\r\n0\r\n\r\n");
        Assert.StartsWith("HTTP/1.1 400", answer, StringComparison.Ordinal);
        Assert.Contains("\"__type\":\"IncompleteBody\"", answer, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_body_too_large_for_one_buffer_is_refused_before_it_is_read()
    {
        var answer = await RawAsync("PUT /some-bucket/key HTTP/1.1\r\nHost: localhost\r\nContent-Length: 3000000000\r\nConnection: close\r\n\r\n");
        Assert.StartsWith("HTTP/1.1 413", answer, StringComparison.Ordinal);
        Assert.Contains("<Code>EntityTooLarge</Code>", answer, StringComparison.Ordinal);
    }

    private async Task<string> RawAsync(string request)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(fixture.Emulator.Endpoint.Host, fixture.Emulator.Endpoint.Port, Ct);
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request), Ct);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(10));
        var buffer = new MemoryStream();
        var chunk = new byte[4096];
        try
        {
            int read;
            while ((read = await stream.ReadAsync(chunk, timeout.Token)) > 0)
            {
                buffer.Write(chunk, 0, read);
                if (Encoding.ASCII.GetString(buffer.ToArray()).Contains("</Error>", StringComparison.Ordinal) || Encoding.ASCII.GetString(buffer.ToArray()).EndsWith('}')) break;
            }
        }
        catch (IOException)
        {
            // The server may close the connection right after answering.
        }
        return Encoding.ASCII.GetString(buffer.ToArray());
    }
}
