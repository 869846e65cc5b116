using System.Buffers;
using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Piksel.Emulator.Aws.Auth;
using Piksel.Emulator.Aws.EksAuth;
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
    private readonly PodIdentityAgentEndpoint? podIdentityAgent;
    private readonly ServiceRouter router;
    private readonly RequestsEndpoint requests;
    private readonly RequestObserver observer;

    private const int MaxInitialBuffer = 1 << 20;
    private const long MaxBody = int.MaxValue - 64;

    public EdgeRouter(EmulatorState state, IEnumerable<IAwsService> services, ILogger logger)
    {
        this.state = state;
        this.logger = logger;
        bySigningName = services.ToDictionary(s => s.SigningName, StringComparer.Ordinal);
        verifier = new SigV4Verifier(state.Credentials, state.Time, state.Options.AllowedClockSkew);
        health = new HealthEndpoint(bySigningName.Keys);
        chaos = new ChaosEndpoint(state.Faults);
        podIdentityAgent = bySigningName.GetValueOrDefault("eks-auth") is EksAuthService eksAuth ? eksAuth.Agent : null;
        router = new ServiceRouter(bySigningName);
        requests = new RequestsEndpoint(state.Requests);
        observer = new RequestObserver(state.Requests, logger);
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

        if (podIdentityAgent is not null && http.Request.Path.StartsWithSegments(PodIdentityAgentEndpoint.Path, StringComparison.Ordinal))
        {
            await podIdentityAgent.HandleAsync(http);
            return;
        }

        if (http.Request.Path.StartsWithSegments("/_localstack", StringComparison.Ordinal))
        {
            await health.HandleAsync(http);
            return;
        }

        if (http.Request.Path.StartsWithSegments(RequestsEndpoint.Path, StringComparison.Ordinal))
        {
            await requests.HandleAsync(http);
            return;
        }

        var started = state.Time.GetUtcNow();
        using var activity = RequestObserver.Start(requestId);
        string? errorCode = null;

        var cancellationToken = http.RequestAborted;
        ReadOnlyMemory<byte> body;
        AwsServiceException? unreadableBody = null;
        try { body = await ReadBodyAsync(http.Request, cancellationToken); }
        catch (BadHttpRequestException e)
        {
            // A body that ends early or outgrows Kestrel's limit: answered in the service's shape, not as a bare 400.
            body = ReadOnlyMemory<byte>.Empty;
            unreadableBody = e.StatusCode == StatusCodes.Status413PayloadTooLarge
                ? new AwsServiceException("EntityTooLarge", "Your proposed upload exceeds the maximum allowed size", HttpStatusCode.RequestEntityTooLarge)
                : new AwsServiceException("IncompleteBody", "The request body terminated unexpectedly");
        }

        var route = router.Route(http.Request, SigV4Verifier.ScopeService(http.Request), body.Span);
        if (route.Service is not { } service)
        {
            await WriteErrorAsync(http, route.Protocol, "", route.Refusal!, requestId);
            observer.Finish(activity, requestId, started, "", null, http.Response.StatusCode, route.Refusal!.Code);
            return;
        }

        AwsRequestContext? served = null;
        try
        {
            if (unreadableBody is not null) throw unreadableBody;
            var caller = Principal.Anonymous;
            SigV4Signature? signature;
            try
            {
                signature = SigV4Verifier.Read(http.Request, service.SigningName == "s3");
                if (signature is not null) caller = verifier.Verify(http.Request, body.Span, signature);
            }
            catch (SigV4FormatException e) { throw AuthFailure.Create(e, service.ProtocolOf(http.Request)); }
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
            served = context;
            if (signature is null && !service.AllowsAnonymous(context))
                throw AuthFailure.Create(AuthFailureKind.MissingAuthenticationToken, service.ProtocolOf(http.Request), "Missing Authentication Token");

            await OperationPipeline.RunAsync(service, context);
        }
        catch (AwsServiceException e)
        {
            errorCode = e.Code;
            await WriteErrorAsync(http, service.ProtocolOf(http.Request), service.XmlNamespace, e, requestId);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogError(e, "{Service} request {RequestId} failed", service.SigningName, requestId);
            errorCode = "InternalFailure";
            await WriteErrorAsync(http, service.ProtocolOf(http.Request), service.XmlNamespace, new AwsServiceException("InternalFailure",
                "The request processing has failed because of an unknown error, exception or failure.", HttpStatusCode.InternalServerError, senderFault: false), requestId);
        }
        finally
        {
            // One line per request, as LocalStack logs it ("AWS sts.GetCallerIdentity => 200"): what reached the emulator.
            if (logger.IsEnabled(LogLevel.Debug))
                logger.LogDebug("AWS {Service}.{Operation} => {Status}", service.SigningName, served?.Operation?.Name ?? "-", http.Response.StatusCode);
            observer.Finish(activity, requestId, started, service.SigningName, served, http.Response.StatusCode, errorCode);
        }
    }

    /// <summary>
    /// The whole body, buffered (the services read it more than once: signature, checksums, parameters). A body that
    /// cannot be held in one buffer is refused as too large rather than failing the request.
    /// </summary>
    private static async Task<ReadOnlyMemory<byte>> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength == 0) return ReadOnlyMemory<byte>.Empty;
        if (request.ContentLength > MaxBody) throw new BadHttpRequestException("Request body too large.", StatusCodes.Status413PayloadTooLarge);
        // The declared length sizes the buffer only up to a point: a header is no reason to allocate gigabytes up front.
        using var buffer = new MemoryStream((int)Math.Min(request.ContentLength ?? 0, MaxInitialBuffer));
        var chunk = ArrayPool<byte>.Shared.Rent(81920);
        try
        {
            int read;
            while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
            {
                if (buffer.Length + read > MaxBody) throw new BadHttpRequestException("Request body too large.", StatusCodes.Status413PayloadTooLarge);
                buffer.Write(chunk, 0, read);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }
        return buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
    }

    private static Task WriteErrorAsync(HttpContext http, AwsProtocol protocol, string xmlNamespace, AwsServiceException error, string requestId)
    {
        if (http.Response.HasStarted) return Task.CompletedTask;
        http.Response.Clear();
        http.Response.Headers["x-amzn-RequestId"] = requestId;
        http.Response.Headers["x-amz-request-id"] = requestId;
        return protocol switch
        {
            AwsProtocol.Query => QueryResponse.WriteErrorAsync(http, xmlNamespace, error, requestId),
            AwsProtocol.Json11 => JsonProtocol.WriteErrorAsync(http, error),
            AwsProtocol.Json10QueryCompatible => JsonProtocol.WriteQueryCompatibleErrorAsync(http, error),
            AwsProtocol.RestJson => JsonProtocol.WriteErrorAsync(http, error, "application/json"),
            AwsProtocol.Ec2 => Ec2.Ec2Response.WriteErrorAsync(http, error, requestId),
            _ => RestXmlError.WriteAsync(http, error, requestId),
        };
    }
}
