using System.Buffers;
using System.Net;
using Microsoft.AspNetCore.Http;
using Piksel.Emulator.Kubernetes.Api;

namespace Piksel.Emulator.Kubernetes.Rest;

/// <summary>
/// Reads request bodies under kube-apiserver's limit (<c>MaxRequestBodyBytes</c>, 3 MiB: twice etcd's 1.5 MiB request
/// limit, since JSON shrinks when stored as protobuf): a larger body is 413 RequestEntityTooLarge, as
/// <c>limitedReadBody</c> answers it.
/// </summary>
public static class RequestBody
{
    /// <summary>The largest body the server decodes: 3,145,728 bytes.</summary>
    public const int MaxBytes = 3 * 1024 * 1024;

    /// <summary>Reads the whole body; 413 when it is over <see cref="MaxBytes"/>.</summary>
    public static async Task<byte[]> ReadAsync(HttpContext http)
    {
        var body = http.Request.Body;
        var cancellationToken = http.RequestAborted;
        using var buffer = new MemoryStream();
        var chunk = ArrayPool<byte>.Shared.Rent(64 * 1024);
        try
        {
            int read;
            while ((read = await body.ReadAsync(chunk, cancellationToken)) > 0)
            {
                if (buffer.Length + read > MaxBytes)
                {
                    // Drain the rest (Kestrel bounds it) so the client reads the answer instead of a reset connection.
                    while (await body.ReadAsync(chunk, cancellationToken) > 0) { }
                    throw TooLarge();
                }
                buffer.Write(chunk, 0, read);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }
        return buffer.ToArray();
    }

    /// <summary>413 <c>Request entity too large: limit is 3145728</c>.</summary>
    public static StatusException TooLarge() =>
        new(HttpStatusCode.RequestEntityTooLarge, "RequestEntityTooLarge", $"Request entity too large: limit is {MaxBytes}");
}
