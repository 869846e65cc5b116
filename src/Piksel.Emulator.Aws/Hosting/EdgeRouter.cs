using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Piksel.Emulator.Aws.Auth;
using Piksel.Emulator.Aws.Faults;
using Piksel.Emulator.Aws.Hosting.Operations;
using Piksel.Emulator.Aws.Identity;
using Piksel.Emulator.Aws.Protocol;

namespace Piksel.Emulator.Aws.Hosting;

/// <summary>
/// The one pipeline every request walks: route to a service, authenticate (SigV4 or anonymous where AWS allows it),
/// hand to the service, and serialise any error in the service's protocol.
/// </summary>
public sealed class EdgeRouter
{
    private readonly EmulatorState state;
    private readonly Dictionary<string, IAwsService> bySigningName;
    private readonly SigV4Verifier verifier;
    private readonly ILogger logger;
    private readonly HealthEndpoint health;
    private readonly ChaosEndpoint chaos;

    public EdgeRouter(EmulatorState state, IEnumerable<IAwsService> services, ILogger logger)
    {
        this.state = state;
        this.logger = logger;
        bySigningName = services.ToDictionary(s => s.SigningName, StringComparer.Ordinal);
        verifier = new SigV4Verifier(state.Credentials, state.Time, state.Options.AllowedClockSkew);
        health = new HealthEndpoint(bySigningName.Keys);
        chaos = new ChaosEndpoint(state.Faults);
    }

    /// <summary>Serves one HTTP request.</summary>
    public async Task HandleAsync(HttpContext http)
    {
        var requestId = Guid.NewGuid().ToString();
        http.Response.Headers["x-amzn-RequestId"] = requestId;
        http.Response.Headers["x-amz-request-id"] = requestId;
        if (http.Request.Path.StartsWithSegments(ChaosEndpoint.Path, StringComparison.Ordinal))
        {
            await chaos.HandleAsync(http);
            return;
        }

        if (http.Request.Path.StartsWithSegments("/_localstack", StringComparison.Ordinal))
        {
            await health.HandleAsync(http);
            return;
        }

        var cancellationToken = http.RequestAborted;
        var body = await ReadBodyAsync(http.Request, cancellationToken);

        SigV4Signature? signature = null;
        SigV4FormatException? unreadable = null;
        try { signature = SigV4Verifier.Read(http.Request); }
        catch (SigV4FormatException e) { unreadable = e; }

        var service = Route(http.Request, signature, body);
        if (service is null)
        {
            await QueryResponse.WriteErrorAsync(http, "", new AwsServiceException("UnknownOperationException",
                "The emulator could not tell which service this request is for (no X-Amz-Target, credential scope or Action)."), requestId);
            return;
        }

        try
        {
            if (unreadable is not null) throw AuthFailure.Create(unreadable.Kind, service.Protocol, unreadable.Message);
            var caller = Principal.Anonymous;
            if (signature is not null)
            {
                try { caller = verifier.Verify(http.Request, body.Span, signature); }
                catch (SigV4FormatException e) { throw AuthFailure.Create(e.Kind, service.Protocol, e.Message); }
            }
            var context = new AwsRequestContext
            {
                Http = http,
                State = state,
                Service = service,
                RequestId = requestId,
                Region = signature?.Region ?? state.Options.DefaultRegion,
                Caller = caller,
                Body = body,
            };
            if (signature is null && !service.AllowsAnonymous(context))
                throw AuthFailure.Create(AuthFailureKind.MissingAuthenticationToken, service.Protocol, "Missing Authentication Token");

            await OperationPipeline.RunAsync(service, context);
        }
        catch (AwsServiceException e)
        {
            await WriteErrorAsync(http, service, e, requestId);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogError(e, "{Service} request {RequestId} failed", service.SigningName, requestId);
            await WriteErrorAsync(http, service, new AwsServiceException("InternalFailure",
                "The request processing has failed because of an unknown error, exception or failure.", HttpStatusCode.InternalServerError, senderFault: false), requestId);
        }
    }

    private IAwsService? Route(HttpRequest request, SigV4Signature? signature, ReadOnlyMemory<byte> body)
    {
        var target = request.Headers["X-Amz-Target"].ToString();
        if (target.Length > 0)
        {
            var prefix = target[..Math.Max(0, target.IndexOf('.'))];
            var name = prefix switch
            {
                "secretsmanager" => "secretsmanager",
                "TrentService" => "kms",
                "AmazonSSM" => "ssm",
                _ => null,
            };
            if (name is not null && bySigningName.TryGetValue(name, out var byTarget)) return byTarget;
        }

        if (signature is not null && bySigningName.TryGetValue(signature.Service, out var byScope)) return byScope;

        // Unsigned: AssumeRoleWithWebIdentity needs no credentials and must be routed by its Action, never by the
        // absence of an Authorization header (LocalStack once sent it to S3).
        var action = request.Query["Action"].ToString();
        if (action.Length == 0 && request.HasFormContentType)
            action = QueryParameters.Parse(null, body.Span).Action ?? "";
        if (action is "AssumeRoleWithWebIdentity" or "AssumeRoleWithSAML" or "GetCallerIdentity" or "AssumeRole")
            return bySigningName.GetValueOrDefault("sts");
        if (action.Length > 0 && signature is null && bySigningName.TryGetValue("iam", out var iam) && request.HasFormContentType)
            return iam;

        return bySigningName.GetValueOrDefault("s3");
    }

    private static async Task<ReadOnlyMemory<byte>> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength == 0) return ReadOnlyMemory<byte>.Empty;
        using var buffer = request.ContentLength is { } length and < int.MaxValue ? new MemoryStream((int)length) : new MemoryStream();
        await request.Body.CopyToAsync(buffer, cancellationToken);
        return buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
    }

    private static Task WriteErrorAsync(HttpContext http, IAwsService service, AwsServiceException error, string requestId)
    {
        if (http.Response.HasStarted) return Task.CompletedTask;
        http.Response.Clear();
        http.Response.Headers["x-amzn-RequestId"] = requestId;
        http.Response.Headers["x-amz-request-id"] = requestId;
        return service.Protocol switch
        {
            AwsProtocol.Query => QueryResponse.WriteErrorAsync(http, service.XmlNamespace, error, requestId),
            AwsProtocol.Json11 => JsonProtocol.WriteErrorAsync(http, error),
            AwsProtocol.RestJson => JsonProtocol.WriteErrorAsync(http, error, "application/json"),
            AwsProtocol.Ec2 => Ec2.Ec2Response.WriteErrorAsync(http, error, requestId),
            _ => RestXmlError.WriteAsync(http, error, requestId),
        };
    }
}
