using System.Net.Sockets;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Piksel.AppHost.AppModel;

/// <summary>The database server's health as the dashboard shows it: its address (from the platform's outputs) accepting a TCP connection.</summary>
internal sealed class DatabaseHealthCheck(EnvironmentRunner runner) : IHealthCheck
{
    /// <summary>The check's registration name.</summary>
    public const string Name = "database-tcp";

    /// <inheritdoc />
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (runner.Outputs is not { } outputs) return HealthCheckResult.Unhealthy("the platform is not applied yet");
        if (outputs.GetValueOrDefault("database.address") is not { } address || !int.TryParse(outputs.GetValueOrDefault("database.port"), out var port))
        {
            return HealthCheckResult.Healthy("the platform has no database");
        }
        try
        {
            using var client = new TcpClient();
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(5));
            await client.ConnectAsync(address, port, timeout.Token);
            return HealthCheckResult.Healthy();
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy($"{address}:{port} refused the connection");
        }
    }
}
