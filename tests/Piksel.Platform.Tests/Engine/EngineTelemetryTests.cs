using System.Diagnostics;
using OpenTelemetry;
using OpenTelemetry.Trace;
using Piksel.Platform.Engine;
using Piksel.Platform.Spec;
using Piksel.Platform.Tests.Infrastructure;

namespace Piksel.Platform.Tests.Engine;

/// <summary>Plan and apply as traces: a root span per run, a child per resource; no secret value in any span.</summary>
public sealed class EngineTelemetryTests
{
    private const string SecretText = "hunter2-span-secret-value";
    private static readonly CancellationToken Ct = TestContext.Current.CancellationToken;

    private static PlatformSpec Spec(string name, string secret)
    {
        var builder = new PlatformSpecBuilder("test");
        builder.Add(Widget.Named(name) with { Secret = new SensitiveString(secret) });
        return builder.Build();
    }

    [Fact]
    public async Task Plan_and_apply_are_traces_with_a_span_per_resource_and_no_secret_anywhere()
    {
        var spans = new List<Activity>();
        // Other tests run engines in parallel: keep only the spans of this test's trace roots.
        using var tracing = Sdk.CreateTracerProviderBuilder().AddSource(EngineTelemetry.SourceName, "EngineTelemetryTests").AddInMemoryExporter(spans).Build();
        using var root = new ActivitySource("EngineTelemetryTests").StartActivity("test");
        var name = "span-" + Guid.NewGuid().ToString("N")[..8];
        var provider = new InMemoryProvider();
        var engine = Fixtures.Engine();
        var plan = await engine.PlanAsync(Spec(name, SecretText), provider, cancellationToken: Ct);
        await engine.ApplyAsync(plan, provider, cancellationToken: Ct);
        // The handler's error quotes the value being applied: the span's status must not.
        provider.Cloud.Failures[new ResourceId("Widget", name)] = new InvalidOperationException($"value '{SecretText}-rotated' rejected");
        var update = await engine.PlanAsync(Spec(name, SecretText + "-rotated"), provider, cancellationToken: Ct);
        await Assert.ThrowsAsync<PlatformEngineException>(() => engine.ApplyAsync(update, provider, cancellationToken: Ct));
        tracing.ForceFlush();

        var id = $"Widget.{name}";
        List<Activity> mine;
        lock (spans) mine = [.. spans.Where(s => s.TraceId == root!.TraceId)];
        Assert.Equal(2, mine.Count(s => s.DisplayName == "platform.plan"));
        Assert.Equal(2, mine.Count(s => s.DisplayName == "platform.apply"));
        var created = Assert.Single(mine, s => s.DisplayName == $"apply {id}" && (string?)s.GetTagItem("piksel.outcome") == "succeeded");
        Assert.Equal("Create", created.GetTagItem("piksel.change.kind"));
        Assert.Equal("platform.apply", mine.Single(s => s.SpanId == created.ParentSpanId).DisplayName);
        var failed = Assert.Single(mine, s => s.DisplayName == $"apply {id}" && (string?)s.GetTagItem("piksel.outcome") == "failed");
        Assert.Equal(ActivityStatusCode.Error, failed.Status);
        Assert.Equal("Update", failed.GetTagItem("piksel.change.kind"));
        Assert.NotNull(failed.GetTagItem("piksel.retries"));

        foreach (var span in mine)
        {
            var text = string.Join('\n', span.TagObjects.Select(t => $"{t.Key}={t.Value}")
                .Concat(span.Events.SelectMany(e => e.Tags.Select(t => $"{e.Name} {t.Key}={t.Value}")))
                .Append(span.DisplayName).Append(span.StatusDescription ?? ""));
            Assert.DoesNotContain("hunter2", text, StringComparison.Ordinal);
        }
        Assert.Contains("(sensitive value)", failed.StatusDescription, StringComparison.Ordinal);
    }
}
