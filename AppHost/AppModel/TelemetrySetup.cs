using System.Diagnostics;
using Aspire.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Logs;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Piksel.Emulator.Aws.Hosting;
using Piksel.Emulator.Kubernetes;
using Piksel.Platform.Engine;

namespace Piksel.AppHost.AppModel;

/// <summary>
/// Exports the AppHost's own traces and logs by OTLP to the Aspire dashboard, one service name per resource: the AWS
/// emulator's request spans as <c>aws</c>, each API server's as <c>cluster-&lt;name&gt;</c>, the engine's plan/apply
/// and the logs as <c>platform</c> — so the dashboard's traces view shows them under those resources. The dashboard
/// refuses OTLP without its API key (<c>AppHost:OtlpApiKey</c>, sent as <c>x-otlp-api-key</c>); it is made here when
/// unset so the AppHost and the dashboard Aspire starts agree on it.
/// </summary>
internal sealed class TelemetrySetup : IDisposable
{
    private const string ApiKeyVariable = "AppHost__OtlpApiKey";
    private readonly List<TracerProvider> providers;

    private TelemetrySetup(List<TracerProvider> providers) => this.providers = providers;

    /// <summary>Makes the dashboard's OTLP API key (when unset); call before the Aspire builder is created.</summary>
    public static void PrepareApiKey()
    {
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable(ApiKeyVariable)))
            Environment.SetEnvironmentVariable(ApiKeyVariable, Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16)));
    }

    /// <summary>Adds the exporters to <paramref name="builder"/> (after the app model, whose cluster resources it reads); dispose when the app stops.</summary>
    public static TelemetrySetup Add(IDistributedApplicationBuilder builder)
    {
        var endpoint = new Uri(builder.Configuration["ASPIRE_DASHBOARD_OTLP_ENDPOINT_URL"] ?? "http://localhost:18889");
        var apiKey = builder.Configuration["AppHost:OtlpApiKey"];
        void Otlp(OtlpExporterOptions o)
        {
            o.Endpoint = endpoint;
            o.Protocol = OtlpExportProtocol.Grpc;
            if (!string.IsNullOrEmpty(apiKey)) o.Headers = $"x-otlp-api-key={apiKey}";
        }

        var clusters = builder.Resources.Select(r => r.Name).Where(n => n.StartsWith("cluster-", StringComparison.Ordinal)).ToList();
        builder.Services.AddLogging(logging => logging.AddOpenTelemetry(o =>
        {
            o.SetResourceBuilder(ResourceBuilder.CreateEmpty().AddService("platform"));
            o.IncludeFormattedMessage = true;
            o.AddOtlpExporter(Otlp);
        }));
        return Start(Otlp, clusters);
    }

    /// <summary>
    /// Headless (<c>up --headless</c>, CI): exports only when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set (the exporter
    /// reads the standard OTEL_EXPORTER_OTLP_* variables); null otherwise. API server spans go to one <c>clusters</c> service.
    /// </summary>
    public static TelemetrySetup? ForHeadless() =>
        string.IsNullOrEmpty(Environment.GetEnvironmentVariable("OTEL_EXPORTER_OTLP_ENDPOINT")) ? null : Start(_ => { }, []);

    private static TelemetrySetup Start(Action<OtlpExporterOptions> otlp, List<string> clusters)
    {
        var providers = new List<TracerProvider>
        {
            Tracing("aws", AwsTelemetry.SourceName, otlp),
            Tracing("platform", EngineTelemetry.SourceName, otlp),
        };
        if (clusters.Count == 0) providers.Add(Tracing("clusters", KubeTelemetry.SourceName, otlp));
        foreach (var cluster in clusters)
        {
            var options = new OtlpExporterOptions();
            otlp(options);
            providers.Add(Sdk.CreateTracerProviderBuilder()
                .SetResourceBuilder(ResourceBuilder.CreateEmpty().AddService(cluster))
                .AddSource(KubeTelemetry.SourceName)
                .AddProcessor(new ClusterSpans(cluster["cluster-".Length..], new OtlpTraceExporter(options)))
                .Build());
        }
        return new TelemetrySetup(providers);
    }

    private static TracerProvider Tracing(string service, string source, Action<OtlpExporterOptions> otlp) =>
        Sdk.CreateTracerProviderBuilder()
            .SetResourceBuilder(ResourceBuilder.CreateEmpty().AddService(service))
            .AddSource(source)
            .AddOtlpExporter(otlp)
            .Build();

    /// <summary>Flushes and stops the exporters.</summary>
    public void Dispose()
    {
        foreach (var provider in providers) provider.Dispose();
    }

    /// <summary>
    /// One cluster's API server spans (they share a source; the cluster tag tells them apart). Filtering in the processor
    /// rather than around the exporter keeps the exporter attached to its provider, whose resource names the service:
    /// a wrapped exporter has no provider and its spans arrive as <c>unknown_service</c>.
    /// </summary>
    private sealed class ClusterSpans(string cluster, BaseExporter<Activity> exporter) : BatchActivityExportProcessor(exporter)
    {
        public override void OnEnd(Activity data)
        {
            if ((string?)data.GetTagItem(KubeTelemetry.ClusterTag) == cluster) base.OnEnd(data);
        }
    }
}
