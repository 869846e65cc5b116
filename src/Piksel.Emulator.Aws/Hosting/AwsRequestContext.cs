using System.Net;
using Microsoft.AspNetCore.Http;
using Piksel.Emulator.Aws.Hosting.Operations;
using Piksel.Emulator.Aws.Identity;
using Piksel.Emulator.Aws.Policy;
using Piksel.Emulator.Aws.Protocol;

namespace Piksel.Emulator.Aws.Hosting;

/// <summary>One request on its way through a service: who asked, in which region, with what body.</summary>
public sealed class AwsRequestContext
{
    private QueryParameters? query;
    private List<DecisionRecord>? decisions;

    public required HttpContext Http { get; init; }
    public required EmulatorState State { get; init; }
    public required IAwsService Service { get; init; }
    /// <summary>The id answered in x-amz-request-id / RequestId.</summary>
    public required string RequestId { get; init; }
    /// <summary>The region of the credential scope, else the emulator's default region.</summary>
    public required string Region { get; init; }
    /// <summary>The authenticated caller (anonymous when unsigned).</summary>
    public required Principal Caller { get; init; }
    /// <summary>The whole request body.</summary>
    public required ReadOnlyMemory<byte> Body { get; init; }

    /// <summary>The operation being served, once the pipeline has resolved it.</summary>
    public AwsOperation? Operation { get; internal set; }

    /// <summary>The IAM decisions made for this request so far, in order.</summary>
    public IReadOnlyList<DecisionRecord> Decisions => decisions ?? (IReadOnlyList<DecisionRecord>)[];

    /// <summary>Cancelled when the client goes away.</summary>
    public CancellationToken Cancellation => Http.RequestAborted;

    /// <summary>The caller's account: where the caller's own resources live.</summary>
    public string AccountId => Caller.AccountId;

    /// <summary>The clock.</summary>
    public TimeProvider Time => State.Time;

    /// <summary>awsQuery parameters (body and query string).</summary>
    public QueryParameters Query => query ??= QueryParameters.Parse(Http.Request.QueryString.Value, Body.Span);

    /// <summary>Facts for global condition keys.</summary>
    public RequestFacts Facts => new(Http.Connection.RemoteIpAddress ?? IPAddress.Loopback, Http.Request.IsHttps, Region, Time.GetUtcNow());

    /// <summary>
    /// Asks the policy engine whether the caller may do <paramref name="action"/> on <paramref name="resource"/>;
    /// a denial is thrown as the service's AccessDenied error with AWS's sentence.
    /// </summary>
    public void Authorize(string action, string resource, ResourcePolicy? resourcePolicy = null, string? resourceAccount = null,
        IReadOnlyDictionary<string, IReadOnlyList<string>>? contextKeys = null) =>
        Authorize(new AccessDemand(action, new Access(resource) { ResourcePolicy = resourcePolicy, ResourceAccount = resourceAccount, ContextKeys = contextKeys }));

    /// <summary>Checks <paramref name="demand"/> with the policy engine; a denial is thrown as the demand's own error or the service's AccessDenied.</summary>
    public void Authorize(AccessDemand demand)
    {
        ArgumentNullException.ThrowIfNull(demand);
        var access = demand.Access;
        var result = Check(demand.Action, access.Resource, access.ResourcePolicy, access.ResourceAccount, access.ContextKeys);
        if (result.Allowed) return;
        throw demand.OnDenied?.Invoke() ?? new AwsServiceException(Service.AccessDeniedCode, result.Message,
            Service.Protocol == AwsProtocol.Json11 ? HttpStatusCode.BadRequest : HttpStatusCode.Forbidden);
    }

    /// <summary>
    /// Authorizes one item of a <see cref="AuthorizationMode.PerItem"/> operation with its declared action, through the
    /// service's own rules; a denial is thrown for the handler to report against that item.
    /// </summary>
    public void AuthorizeItem(Access access)
    {
        if (Operation is not { Mode: AuthorizationMode.PerItem, Action: { } action })
            throw new InvalidOperationException($"AuthorizeItem is for per-item operations; {Operation?.Name ?? "this request"} is not one.");
        Service.Authorize(this, new AccessDemand(action, access));
    }

    /// <summary>The engine's decision without throwing; kept in <see cref="Decisions"/>.</summary>
    public AuthorizationResult Check(string action, string resource, ResourcePolicy? resourcePolicy = null, string? resourceAccount = null,
        IReadOnlyDictionary<string, IReadOnlyList<string>>? contextKeys = null)
    {
        var result = State.Authorizer.Authorize(new AuthorizationRequest
        {
            Caller = Caller,
            Action = action,
            Resource = resource,
            ResourceAccount = resourceAccount,
            ResourcePolicy = resourcePolicy,
            ContextKeys = contextKeys ?? new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase),
            Facts = Facts,
        });
        (decisions ??= []).Add(new DecisionRecord(action, resource, result));
        return result;
    }
}
