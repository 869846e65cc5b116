using Piksel.Platform.Engine;
using Piksel.Platform.Spec;
using Piksel.Platform.Tests.Infrastructure;

namespace Piksel.Platform.Tests.Engine;

public sealed class RedactionTests
{
    private const string SecretText = "hunter2-very-secret-value";
    private static readonly CancellationToken Ct = TestContext.Current.CancellationToken;

    private static PlatformSpec Spec(string secret)
    {
        var builder = new PlatformSpecBuilder("test");
        builder.Add(Widget.Named("a") with { Secret = new SensitiveString(secret) });
        return builder.Build();
    }

    [Fact]
    public async Task A_secret_never_appears_in_a_rendered_create_update_or_the_plan_record()
    {
        var provider = new InMemoryProvider();
        var engine = Fixtures.Engine();
        var create = await engine.PlanAsync(Spec(SecretText), provider, cancellationToken: Ct);
        await engine.ApplyAsync(create, provider, cancellationToken: Ct);
        var update = await engine.PlanAsync(Spec(SecretText + "-rotated"), provider, cancellationToken: Ct);

        foreach (var plan in new[] { create, update })
        {
            var text = plan.Render();
            Assert.DoesNotContain("hunter2", text, StringComparison.Ordinal);
            Assert.Matches(@"secret +\= \(sensitive value\)", text);
            Assert.DoesNotContain("hunter2", plan.ToString(), StringComparison.Ordinal);
            Assert.DoesNotContain("hunter2", string.Join(",", plan.Changes.SelectMany(c => c.Attributes)), StringComparison.Ordinal);
        }

        var change = Assert.Single(update.Changes);
        Assert.Equal(ChangeKind.Update, change.Kind);
        Assert.Contains("~ secret = (sensitive value) -> (sensitive value)", update.Render(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_handler_error_quoting_a_secret_is_scrubbed_from_the_exception_and_events()
    {
        var provider = new InMemoryProvider();
        provider.Cloud.Failures[new ResourceId("Widget", "a")] = new InvalidOperationException($"value '{SecretText}' rejected");
        var progress = new RecordingProgress();
        var engine = Fixtures.Engine();
        var plan = await engine.PlanAsync(Spec(SecretText), provider, progress, Ct);

        var error = await Assert.ThrowsAsync<PlatformEngineException>(() => engine.ApplyAsync(plan, provider, progress, Ct));

        Assert.DoesNotContain(SecretText, error.ToString(), StringComparison.Ordinal);
        Assert.Contains("(sensitive value)", error.Message, StringComparison.Ordinal);
        Assert.Null(Assert.Single(error.Failures).Exception);
        Assert.All(progress.Events, e => Assert.DoesNotContain(SecretText, e.Message ?? "", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_retried_error_quoting_a_secret_is_scrubbed_from_the_retry_event()
    {
        var provider = new InMemoryProvider();
        var progress = new RecordingProgress();
        var engine = Fixtures.Engine();
        var plan = await engine.PlanAsync(Spec(SecretText), provider, progress, Ct);
        provider.Cloud.Failures[new ResourceId("Widget", "a")] = new Providers.RetryableResourceException($"throttled while storing {SecretText}");

        await Assert.ThrowsAsync<PlatformEngineException>(() => engine.ApplyAsync(plan, provider, progress, Ct));

        var retry = Assert.Single(progress.Events, e => e.Phase == EnginePhase.Retrying && e.Message!.Contains("attempt 1", StringComparison.Ordinal));
        Assert.Contains("(sensitive value)", retry.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(SecretText, retry.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_sensitive_string_prints_redacted_in_records()
    {
        var widget = Widget.Named("a") with { Secret = new SensitiveString(SecretText) };

        Assert.DoesNotContain(SecretText, widget.ToString(), StringComparison.Ordinal);
        Assert.Equal(SensitiveString.Redacted, widget.Secret!.ToString());
    }
}
