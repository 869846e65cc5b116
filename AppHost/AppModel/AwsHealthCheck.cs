using Amazon.Runtime;
using Amazon.SecurityToken;
using Amazon.SecurityToken.Model;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Piksel.Platform.Aws.Handlers;

namespace Piksel.AppHost.AppModel;

/// <summary>
/// The <c>aws</c> resource's health as the dashboard shows it: where the endpoint is an emulator (embedded, LocalStack),
/// its <c>/_localstack/health</c> answering 200; elsewhere (the user's endpoint, real AWS), STS GetCallerIdentity with
/// the environment's credentials naming the environment's account — the question the account guard asks.
/// </summary>
internal sealed class AwsHealthCheck(EnvironmentRunner runner) : IHealthCheck
{
    /// <summary>The check's registration name.</summary>
    public const string Name = "aws-health";

    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(5) };

    /// <inheritdoc />
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (runner.Environment is not { } local) return HealthCheckResult.Unhealthy("the provider has not started");
        try
        {
            return local.ServesLocalStackHealth ? await LocalStackHealthAsync(local, cancellationToken) : await CallerIdentityAsync(local, cancellationToken);
        }
        catch (HttpRequestException e)
        {
            return HealthCheckResult.Unhealthy(e.Message);
        }
        catch (AmazonServiceException e)
        {
            // The error code and message only: they never carry the credentials.
            return HealthCheckResult.Unhealthy($"STS GetCallerIdentity: {e.ErrorCode}: {e.Message}");
        }
    }

    private static async Task<HealthCheckResult> LocalStackHealthAsync(LocalEnvironment local, CancellationToken cancellationToken)
    {
        using var response = await Http.GetAsync(new Uri($"{local.Endpoint}/_localstack/health"), cancellationToken);
        return response.IsSuccessStatusCode
            ? HealthCheckResult.Healthy()
            : HealthCheckResult.Unhealthy($"/_localstack/health answered {(int)response.StatusCode}");
    }

    private static async Task<HealthCheckResult> CallerIdentityAsync(LocalEnvironment local, CancellationToken cancellationToken)
    {
        var account = local.Settings.Account;
        var credentials = await local.Provider.Aws.GetCredentialsAsync(account, cancellationToken);
        using var sts = new AmazonSecurityTokenServiceClient(
            AwsHandlerContext.ToSdk(credentials), AwsHandlerContext.SdkConfigFor<AmazonSecurityTokenServiceConfig>(local.Provider.Aws));
        var identity = await sts.GetCallerIdentityAsync(new GetCallerIdentityRequest(), cancellationToken);
        return identity.Account == account
            ? HealthCheckResult.Healthy($"acting as {identity.Arn}")
            : HealthCheckResult.Unhealthy($"STS names account {identity.Account}, not the environment's {account}");
    }
}
