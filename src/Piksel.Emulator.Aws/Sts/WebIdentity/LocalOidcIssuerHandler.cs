namespace Piksel.Emulator.Aws.Sts.WebIdentity;

/// <summary>Sends requests for locally served issuers to their endpoints; everything else to the configured handler.</summary>
internal sealed class LocalOidcIssuerHandler(LocalOidcIssuers issuers) : DelegatingHandler
{
    /// <inheritdoc />
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.RequestUri is not { } uri || !issuers.TryFind(uri, out var registration))
            return await base.SendAsync(request, cancellationToken);
        using var local = new HttpRequestMessage(request.Method, new Uri(registration.Endpoint, uri.PathAndQuery));
        try
        {
            return await registration.Client.SendAsync(local, cancellationToken);
        }
        catch (ObjectDisposedException)
        {
            // The cluster went away between lookup and send: to STS that is an unreachable issuer.
            throw new HttpRequestException($"The issuer {registration.Key} is no longer served.");
        }
    }
}
