using Amazon.Runtime;
using Amazon.SecurityToken;
using Amazon.SecurityToken.Model;
using Piksel.Platform.Aws.Handlers;
using Piksel.Platform.Providers;
using Piksel.Platform.Spec;

namespace Piksel.Hosting.Aws;

/// <summary>
/// The hub account's credentials: a session of the environment's hub role (<c>sts:AssumeRole</c> with the ExternalId
/// the environment names, session name <c>piksel-&lt;env&gt;</c>), assumed anew five minutes before it expires.
/// </summary>
internal sealed class HubSession(IAwsAccess endpoints, AWSCredentials source, string roleArn, string? externalId, string sessionName, string hubAccount, TimeSpan duration, TimeProvider time) : IDisposable
{
    private static readonly TimeSpan RenewBefore = TimeSpan.FromMinutes(5);
    private readonly SemaphoreSlim renewing = new(1, 1);
    private (AwsCredentials Credentials, DateTimeOffset Expires)? current;

    /// <summary>The session's credentials, assumed or renewed when needed; <see cref="AwsProviderException"/> when the role is missing or refuses.</summary>
    public async ValueTask<AwsCredentials> GetAsync(CancellationToken cancellationToken)
    {
        if (current is { } kept && time.GetUtcNow() < kept.Expires - RenewBefore) return kept.Credentials;
        await renewing.WaitAsync(cancellationToken);
        try
        {
            if (current is { } again && time.GetUtcNow() < again.Expires - RenewBefore) return again.Credentials;
            var assumed = await AssumeAsync(cancellationToken);
            current = assumed;
            return assumed.Credentials;
        }
        finally
        {
            renewing.Release();
        }
    }

    private async Task<(AwsCredentials Credentials, DateTimeOffset Expires)> AssumeAsync(CancellationToken cancellationToken)
    {
        using var sts = new AmazonSecurityTokenServiceClient(source, AwsHandlerContext.SdkConfigFor<AmazonSecurityTokenServiceConfig>(endpoints));
        AssumeRoleResponse response;
        try
        {
            response = await sts.AssumeRoleAsync(
                new AssumeRoleRequest
                {
                    RoleArn = roleArn,
                    RoleSessionName = sessionName,
                    ExternalId = externalId,
                    DurationSeconds = (int)duration.TotalSeconds,
                },
                cancellationToken);
        }
        catch (AmazonServiceException e)
        {
            throw new AwsProviderException(
                $"hub account {hubAccount}: sts:AssumeRole of {roleArn}{(externalId is null ? "" : " with the environment's ExternalId")} was refused ({e.ErrorCode}: {e.Message}). "
                + "The role must exist in the hub and trust the environment's account (with that ExternalId); nothing was touched.",
                e);
        }

        var arnAccount = AccountOf(response.AssumedRoleUser?.Arn);
        if (arnAccount != hubAccount)
        {
            throw new AwsProviderException($"hub account {hubAccount}: assuming {roleArn} gave a session of account {arnAccount ?? "unknown"} ({response.AssumedRoleUser?.Arn}); nothing was touched.");
        }

        var credentials = response.Credentials;
        var expires = credentials.Expiration is { } at ? new DateTimeOffset(DateTime.SpecifyKind(at, DateTimeKind.Utc)) : time.GetUtcNow() + duration;
        return (new AwsCredentials(credentials.AccessKeyId, new SensitiveString(credentials.SecretAccessKey), new SensitiveString(credentials.SessionToken)), expires);
    }

    /// <summary>Frees the renewal lock.</summary>
    public void Dispose() => renewing.Dispose();

    /// <summary>The account of an ARN (<c>arn:aws:sts::123456789012:assumed-role/…</c> → <c>123456789012</c>), or null.</summary>
    internal static string? AccountOf(string? arn) =>
        arn?.Split(':') is { Length: >= 6 } parts && parts[4].Length == 12 ? parts[4] : null;
}
