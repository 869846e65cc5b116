using Piksel.Platform.Engine;
using Piksel.Platform.Spec;
using Piksel.Platform.Tests.Infrastructure;

namespace Piksel.Platform.Tests.Engine;

public sealed class ApplierTests
{
    private static readonly CancellationToken Ct = TestContext.Current.CancellationToken;

    private static ResourceId W(string key) => new("Widget", key);

    private static PlatformSpec Chain()
    {
        // d depends on b and c, which depend on a.
        var builder = new PlatformSpecBuilder("test");
        builder.Add(Widget.Named("d", W("b"), W("c")));
        builder.Add(Widget.Named("b", W("a")));
        builder.Add(Widget.Named("c", W("a")));
        builder.Add(Widget.Named("a"));
        return builder.Build();
    }

    [Fact]
    public async Task Creates_run_in_dependency_order()
    {
        var provider = new InMemoryProvider();
        var engine = Fixtures.Engine();

        await engine.ApplyAsync(await engine.PlanAsync(Chain(), provider, cancellationToken: Ct), provider, cancellationToken: Ct);

        var order = provider.Cloud.Ops("create").ToList();
        Assert.Equal(4, order.Count);
        Assert.Equal(W("a"), order[0]);
        Assert.Equal(W("d"), order[3]);
    }

    [Fact]
    public async Task Destroy_runs_in_reverse_dependency_order_and_leaves_nothing_tagged()
    {
        var provider = new InMemoryProvider();
        var engine = Fixtures.Engine();
        await engine.ApplyAsync(await engine.PlanAsync(Chain(), provider, cancellationToken: Ct), provider, cancellationToken: Ct);
        var orphan = Widget.Named("orphan");
        provider.Cloud.Resources[orphan.Id] = new(orphan, new Dictionary<string, string>());

        var plan = await engine.PlanDestroyAsync(Chain(), provider, cancellationToken: Ct);
        Assert.All(plan.Changes, c => Assert.Equal(ChangeKind.Delete, c.Kind));
        await engine.ApplyAsync(plan, provider, cancellationToken: Ct);

        var order = provider.Cloud.Ops("delete").ToList();
        Assert.Equal(5, order.Count);
        Assert.True(order.IndexOf(W("d")) < order.IndexOf(W("b")));
        Assert.True(order.IndexOf(W("c")) < order.IndexOf(W("a")));
        Assert.True(order.IndexOf(W("orphan")) < order.IndexOf(W("a")));
        Assert.Empty(provider.Cloud.Resources);
        Assert.All((await engine.PlanAsync(Chain(), provider, cancellationToken: Ct)).Changes, c => Assert.Equal(ChangeKind.Create, c.Kind));
    }

    [Fact]
    public async Task Destroy_waits_for_indirect_dependents_when_the_resource_between_them_is_gone()
    {
        var provider = new InMemoryProvider();
        var engine = Fixtures.Engine(parallelism: 4);
        var builder = new PlatformSpecBuilder("test");
        builder.Add(Widget.Named("z", W("y")));
        builder.Add(Widget.Named("y", W("x")));
        builder.Add(Widget.Named("x"));
        var spec = builder.Build();
        await engine.ApplyAsync(await engine.PlanAsync(spec, provider, cancellationToken: Ct), provider, cancellationToken: Ct);
        provider.Cloud.Resources.TryRemove(W("y"), out _);
        provider.Cloud.CallDelay = TimeSpan.FromMilliseconds(10);

        await engine.DestroyAsync(spec, provider, cancellationToken: Ct);

        var calls = provider.Cloud.Calls.ToList();
        Assert.Equal([W("z"), W("x")], provider.Cloud.Ops("delete"));
        Assert.True(calls.IndexOf(("deleted", W("z"))) < calls.IndexOf(("delete", W("x"))), "x was deleted while z, which depends on it through y, still existed");
    }

    [Fact]
    public async Task No_more_calls_are_in_flight_than_the_parallelism_allows()
    {
        var builder = new PlatformSpecBuilder("test");
        for (var i = 0; i < 12; i++)
        {
            builder.Add(Widget.Named($"w{i}"));
        }

        var provider = new InMemoryProvider();
        provider.Cloud.CallDelay = TimeSpan.FromMilliseconds(20);
        var engine = Fixtures.Engine(parallelism: 3);

        await engine.ApplyAsync(await engine.PlanAsync(builder.Build(), provider, cancellationToken: Ct), provider, cancellationToken: Ct);

        Assert.Equal(3, provider.Cloud.MaxInFlight);
    }

    [Fact]
    public async Task A_retryable_error_is_retried_until_it_succeeds_and_reported()
    {
        var provider = new InMemoryProvider();
        provider.Cloud.RetryableFailures[W("a")] = 2;
        var progress = new RecordingProgress();
        var engine = Fixtures.Engine(retries: 3);
        var spec = new PlatformSpecBuilder("test");
        spec.Add(Widget.Named("a"));
        var built = spec.Build();

        await engine.ApplyAsync(await engine.PlanAsync(built, provider, cancellationToken: Ct), provider, progress, Ct);

        Assert.Equal(3, provider.Cloud.Ops("create").Count());
        Assert.True(provider.Cloud.Resources.ContainsKey(W("a")));
        Assert.Equal(2, progress.Events.Count(e => e.Phase == EnginePhase.Retrying && e.Resource == W("a")));
    }

    [Fact]
    public async Task The_result_counts_retries_per_resource_and_sums_them_in_its_summary()
    {
        var provider = new InMemoryProvider();
        provider.Cloud.RetryableFailures[W("a")] = 2;
        provider.Cloud.RetryableFailures[W("c")] = 1;
        var engine = Fixtures.Engine(retries: 3);

        var result = await engine.ApplyAsync(await engine.PlanAsync(Chain(), provider, cancellationToken: Ct), provider, cancellationToken: Ct);

        Assert.Equal(new Dictionary<ResourceId, int> { [W("a")] = 2, [W("c")] = 1 }, result.Retries);
        Assert.Equal(3, result.TotalRetries);
        Assert.Equal("4 resources, 4 changed, 3 retries (Widget.a 2, Widget.c 1)", result.Summary());
        Assert.Equal("4 resources, 4 changed, 3 retries (Widget.a 2, …)", result.Summary(mostRetried: 1));
    }

    [Fact]
    public async Task A_run_without_retries_says_so()
    {
        var provider = new InMemoryProvider();
        var engine = Fixtures.Engine();

        var result = await engine.ApplyAsync(await engine.PlanAsync(Chain(), provider, cancellationToken: Ct), provider, cancellationToken: Ct);

        Assert.Empty(result.Retries);
        Assert.Equal("4 resources, 4 changed, 0 retries", result.Summary());
    }

    [Fact]
    public async Task Retries_are_bounded_and_a_failure_skips_dependents_but_not_independent_resources()
    {
        var provider = new InMemoryProvider();
        provider.Cloud.RetryableFailures[W("a")] = 100;
        var builder = new PlatformSpecBuilder("test");
        builder.Add(Widget.Named("a"));
        builder.Add(Widget.Named("child", W("a")));
        builder.Add(Widget.Named("independent"));
        var spec = builder.Build();
        var engine = Fixtures.Engine(parallelism: 1, retries: 2);

        var error = await Assert.ThrowsAsync<PlatformEngineException>(async () =>
            await engine.ApplyAsync(await engine.PlanAsync(spec, provider, cancellationToken: Ct), provider, cancellationToken: Ct));

        Assert.Equal(3, provider.Cloud.Ops("create").Count(id => id == W("a")));
        Assert.Contains(error.Failures, f => f.Resource == W("child") && f.SkippedBecause == W("a"));
        Assert.True(provider.Cloud.Resources.ContainsKey(W("independent")));
        Assert.False(provider.Cloud.Resources.ContainsKey(W("child")));
        Assert.NotNull(error.Partial);
        Assert.Contains(W("independent"), error.Partial!.ResourceOutputs.Keys);
    }

    [Fact]
    public async Task A_non_retryable_error_fails_at_once()
    {
        var provider = new InMemoryProvider();
        provider.Cloud.Failures[W("a")] = new InvalidOperationException("AccessDenied");
        var builder = new PlatformSpecBuilder("test");
        builder.Add(Widget.Named("a"));
        var engine = Fixtures.Engine(retries: 5);

        var error = await Assert.ThrowsAsync<PlatformEngineException>(async () =>
            await engine.ApplyAsync(await engine.PlanAsync(builder.Build(), provider, cancellationToken: Ct), provider, cancellationToken: Ct));

        Assert.Single(provider.Cloud.Ops("create"));
        Assert.Contains("Widget.a: InvalidOperationException: AccessDenied", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Resources_downstream_of_a_replacement_are_read_again_at_apply_time()
    {
        var provider = new InMemoryProvider();
        var engine = Fixtures.Engine();
        PlatformSpec Spec(string zone)
        {
            var builder = new PlatformSpecBuilder("test");
            var a = builder.Add(Widget.Named("a") with { Zone = zone });
            builder.Add(Widget.Named("b") with { Peer = a.Arn.Token });
            return builder.Build();
        }

        await engine.ApplyAsync(await engine.PlanAsync(Spec("a"), provider, cancellationToken: Ct), provider, cancellationToken: Ct);

        // b's state is unchanged, but it follows a, which is replaced: it is marked for a fresh read.
        var plan = await engine.PlanAsync(Spec("b"), provider, cancellationToken: Ct);
        Assert.Equal(ChangeKind.Replace, plan[W("a")].Kind);
        Assert.True(plan[W("b")].Recheck);
        var result = await engine.ApplyAsync(plan, provider, cancellationToken: Ct);

        Assert.Equal(ChangeKind.Replace, result.Done[W("a")]);
        Assert.False((await engine.PlanAsync(Spec("b"), provider, cancellationToken: Ct)).HasChanges);
    }
}
