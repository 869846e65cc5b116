using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Piksel.AppHost.AppModel;

/// <summary>The AWS emulator's health as the dashboard shows it: its <c>/_localstack/health</c> answering 200.</summary>
internal sealed class AwsHealthCheck(EnvironmentRunner runner) : IHealthCheck
{
    /// <summary>The check's registration name.</summary>
    public const string Name = "aws-health";

    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(5) };

    /// <inheritdoc />
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (runner.Environment is not { } local) return HealthCheckResult.Unhealthy("the emulator has not started");
        try
        {
            using var response = await Http.GetAsync(new Uri($"{local.Endpoint}/_localstack/health"), cancellationToken);
            return response.IsSuccessStatusCode
                ? HealthCheckResult.Healthy()
                : HealthCheckResult.Unhealthy($"/_localstack/health answered {(int)response.StatusCode}");
        }
        catch (HttpRequestException e)
        {
            return HealthCheckResult.Unhealthy(e.Message);
        }
    }
}
