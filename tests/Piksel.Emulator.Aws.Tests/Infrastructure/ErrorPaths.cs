using Piksel.Emulator.Aws.Protocol;

namespace Piksel.Emulator.Aws.Tests.Infrastructure;

/// <summary>One bad request of a service's error-path table and what it must be answered with.</summary>
/// <param name="Request">The request, as it goes on the wire (before signing).</param>
/// <param name="SignAs">The service to sign it for, or null to send it unsigned.</param>
/// <param name="Code">The error code AWS answers, when the table pins it; null for "any well-formed 4xx".</param>
/// <param name="Status">The HTTP status AWS answers, when the table pins it.</param>
internal sealed record ErrorPathCase(RawRequest Request, string? SignAs, string? Code = null, int? Status = null);

/// <summary>
/// Walks a service's error paths: every bad request must be answered with a 4xx (never a 5xx) and a well-formed
/// error body in the service's protocol, with the code and status AWS gives where the table says which.
/// </summary>
internal static class ErrorPaths
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(10) };

    /// <summary>Sends <paramref name="table"/>'s case <paramref name="name"/> and checks its answer; returns it for further checks.</summary>
    public static async Task<RawResponse> AssertAsync(EmulatorFixture fixture, IReadOnlyDictionary<string, ErrorPathCase> table, string name, AwsProtocol protocol,
        Func<string, string>? rewritePath = null)
    {
        var endpoint = fixture.Emulator.Endpoint;
        var c = table[name];
        var request = rewritePath is null ? c.Request : c.Request with { PathAndQuery = rewritePath(c.Request.PathAndQuery) };
        if (c.SignAs is { } service) request = request.Sign(endpoint, service, DateTimeOffset.UtcNow);
        var response = await request.SendAsync(Http, endpoint, TestContext.Current.CancellationToken);
        var fault = ErrorShape.Check(response, protocol, head: request.Method == "HEAD");
        Assert.True(fault is null, $"{name}: answered with {fault}: {response}");
        Assert.InRange(response.Status, 400, 499);
        if (c.Code is not null) Assert.Equal(c.Code, ErrorShape.Code(response, protocol));
        if (c.Status is { } status) Assert.Equal(status, response.Status);
        return response;
    }

    /// <summary>The names of <paramref name="table"/>'s cases, as theory data.</summary>
    public static TheoryData<string> Names(IReadOnlyDictionary<string, ErrorPathCase> table) => new(table.Keys);
}
