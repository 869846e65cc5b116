using System.Text;
using Piksel.Emulator.Aws.Protocol;
using Piksel.Emulator.Aws.Tests.Infrastructure;

namespace Piksel.Emulator.Aws.Tests.Fuzz;

/// <summary>
/// Sends fuzzed requests to the emulator over loopback HTTP and holds each answer to the rule: no 5xx, and an error is
/// a well-formed body in the service's protocol (no body on HEAD).
/// </summary>
internal static class FuzzEdge
{
    private static readonly HttpClient Http = new() { Timeout = FuzzRun.InputTimeout };

    /// <summary>Every protocol: for inputs whose credential scope (mutated too) decides which service answers.</summary>
    public static readonly AwsProtocol[] AnyProtocol = Enum.GetValues<AwsProtocol>();

    /// <summary>Sends <paramref name="request"/> (signed for <paramref name="signAs"/> when given) and checks the answer in <paramref name="protocol"/>'s shape.</summary>
    public static Task CheckAsync(EmulatorFixture fixture, RawRequest request, AwsProtocol protocol, string? signAs) => CheckAsync(fixture, request, [protocol], signAs);

    /// <summary>Sends <paramref name="request"/> and checks the answer is well formed in one of <paramref name="protocols"/>' shapes.</summary>
    public static async Task CheckAsync(EmulatorFixture fixture, RawRequest request, IReadOnlyList<AwsProtocol> protocols, string? signAs)
    {
        var endpoint = fixture.Emulator.Endpoint;
        if (signAs is not null) request = request.Sign(endpoint, signAs, DateTimeOffset.UtcNow);
        var response = await request.SendAsync(Http, endpoint, CancellationToken.None);
        var faults = protocols.Select(p => ErrorShape.Check(response, p, head: request.Method == "HEAD")).ToList();
        if (faults.All(f => f is not null)) throw new InvalidOperationException($"answered with {faults[0]}: {response.Status} {Mutator.Show(response.Body)}");
    }

    /// <summary>
    /// <paramref name="value"/> as an HTTP client can send it in a header: CR, LF and NUL dropped, anything outside
    /// printable ASCII as '?', at most 4 KiB. Kestrel refuses other bytes and oversized headers itself (400, 431),
    /// before the emulator sees the request.
    /// </summary>
    public static string HeaderSafe(ReadOnlySpan<byte> value)
    {
        if (value.Length > 4096) value = value[..4096];
        var sb = new StringBuilder(value.Length);
        foreach (var b in value)
        {
            if (b is (byte)'\r' or (byte)'\n' or 0) continue;
            sb.Append(b is >= 0x20 and < 0x7F or (byte)'\t' ? (char)b : '?');
        }
        return sb.ToString().Trim();
    }
}
