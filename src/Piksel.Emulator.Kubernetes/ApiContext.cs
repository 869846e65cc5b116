using Microsoft.AspNetCore.Http;
using Piksel.Emulator.Kubernetes.Api;
using Piksel.Emulator.Kubernetes.Auth;
using Piksel.Emulator.Kubernetes.Rest;

namespace Piksel.Emulator.Kubernetes;

/// <summary>One resource request on its way through the server: what every REST collaborator and handler shares.</summary>
public sealed record ApiContext(HttpContext Http, UserInfo User, ApiRequest Request, ApiServerState State)
{
    /// <summary>Cancelled when the client goes.</summary>
    public CancellationToken CancellationToken => Http.RequestAborted;

    /// <summary>True when the request asks for a dry run (<c>dryRun=All</c>, possibly repeated; other values were refused): everything happens but the write.</summary>
    public bool DryRun => Http.Request.Query["dryRun"].Count > 0;

    /// <summary>The request as the write path sees it, with the request's own field validation (<c>fieldValidation</c>).</summary>
    public WriteRequest ToWrite() => new(Request.Type, Request.Namespace, Request.Name, User, DryRun)
    {
        ValidateFields = obj => FieldValidation.Validate(this, obj),
        Warn = text => WarningHeaders.Add(Http, text),
        CancellationToken = CancellationToken,
    };
}
