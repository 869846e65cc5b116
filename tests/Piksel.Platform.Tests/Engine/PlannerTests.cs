using Piksel.Platform.Engine;
using Piksel.Platform.Spec;
using Piksel.Platform.Tests.Infrastructure;

namespace Piksel.Platform.Tests.Engine;

public sealed class PlannerTests
{
    private static readonly CancellationToken Ct = TestContext.Current.CancellationToken;

    private static PlatformSpec Spec(params PlatformResource[] resources)
    {
        var builder = new PlatformSpecBuilder("test");
        foreach (var resource in resources)
        {
            builder.Add(resource);
        }

        return builder.Build();
    }

    [Fact]
    public async Task Everything_missing_is_created_and_the_exit_code_says_changes()
    {
        var plan = await Fixtures.Engine().PlanAsync(Spec(Widget.Named("a"), Widget.Named("b")), new InMemoryProvider(), cancellationToken: Ct);

        Assert.All(plan.Changes, c => Assert.Equal(ChangeKind.Create, c.Kind));
        Assert.Equal(DetailedExitCodes.Changes, plan.DetailedExitCode);
    }

    [Fact]
    public async Task Plan_after_apply_is_all_NoChange_with_exit_code_zero()
    {
        var provider = new InMemoryProvider();
        var engine = Fixtures.Engine();
        var spec = Spec(Widget.Named("a"), Widget.Named("b", new ResourceId("Widget", "a")));
        await engine.ApplyAsync(await engine.PlanAsync(spec, provider, cancellationToken: Ct), provider, cancellationToken: Ct);

        var again = await engine.PlanAsync(spec, provider, cancellationToken: Ct);

        Assert.All(again.Changes, c => Assert.Equal(ChangeKind.NoChange, c.Kind));
        Assert.Equal(DetailedExitCodes.NoChanges, again.DetailedExitCode);
        Assert.False(again.HasChanges);
    }

    [Fact]
    public async Task A_change_made_behind_the_engines_back_is_drift_planned_as_update()
    {
        var provider = new InMemoryProvider();
        var engine = Fixtures.Engine();
        var spec = Spec(Widget.Named("a") with { Size = "small" });
        await engine.ApplyAsync(await engine.PlanAsync(spec, provider, cancellationToken: Ct), provider, cancellationToken: Ct);
        var id = new ResourceId("Widget", "a");
        var stored = provider.Cloud.Resources[id];
        provider.Cloud.Resources[id] = stored with { State = (Widget)stored.State with { Size = "huge" } };

        var plan = await engine.PlanAsync(spec, provider, cancellationToken: Ct);

        var change = plan[id];
        Assert.Equal(ChangeKind.Update, change.Kind);
        var attribute = Assert.Single(change.Attributes);
        Assert.Equal(("size", "\"huge\"", "\"small\""), (attribute.Path, attribute.Before, attribute.After));

        await engine.ApplyAsync(plan, provider, cancellationToken: Ct);
        Assert.Equal("small", ((Widget)provider.Cloud.Resources[id].State).Size);
        Assert.False((await engine.PlanAsync(spec, provider, cancellationToken: Ct)).HasChanges);
    }

    [Fact]
    public async Task A_ForceNew_attribute_change_is_planned_as_replace_and_applied_as_delete_then_create()
    {
        var provider = new InMemoryProvider();
        var engine = Fixtures.Engine();
        await engine.ApplyAsync(await engine.PlanAsync(Spec(Widget.Named("a") with { Zone = "a" }), provider, cancellationToken: Ct), provider, cancellationToken: Ct);

        var plan = await engine.PlanAsync(Spec(Widget.Named("a") with { Zone = "b", Size = "large" }), provider, cancellationToken: Ct);
        var change = plan[new ResourceId("Widget", "a")];

        Assert.Equal(ChangeKind.Replace, change.Kind);
        Assert.Contains(change.Attributes, a => a.Path == "zone" && a.ForcesReplacement);
        await engine.ApplyAsync(plan, provider, cancellationToken: Ct);
        Assert.Equal(["read", "delete", "create"], provider.Cloud.Calls.Where(c => c.Id.Key == "a" && c.Operation != "deleted").Select(c => c.Operation).TakeLast(3));
        Assert.Equal("b", ((Widget)provider.Cloud.Resources[change.Id].State).Zone);
    }

    [Fact]
    public async Task A_tagged_resource_the_spec_no_longer_lists_is_planned_for_deletion()
    {
        var provider = new InMemoryProvider();
        var engine = Fixtures.Engine();
        await engine.ApplyAsync(await engine.PlanAsync(Spec(Widget.Named("a"), Widget.Named("old")), provider, cancellationToken: Ct), provider, cancellationToken: Ct);

        var plan = await engine.PlanAsync(Spec(Widget.Named("a")), provider, cancellationToken: Ct);

        Assert.Equal(ChangeKind.Delete, plan[new ResourceId("Widget", "old")].Kind);
        await engine.ApplyAsync(plan, provider, cancellationToken: Ct);
        Assert.False(provider.Cloud.Resources.ContainsKey(new ResourceId("Widget", "old")));
    }

    [Fact]
    public async Task A_resource_of_another_environment_is_left_alone()
    {
        var provider = new InMemoryProvider();
        var foreign = Widget.Named("foreign") with { Tags = Platform.Definition.PikselTags.For("other") };
        provider.Cloud.Resources[foreign.Id] = new(foreign, new Dictionary<string, string>());

        var plan = await Fixtures.Engine().PlanAsync(Spec(Widget.Named("a")), provider, cancellationToken: Ct);

        Assert.DoesNotContain(plan.Changes, c => c.Id == foreign.Id);
    }

    [Fact]
    public async Task References_to_outputs_of_existing_resources_resolve_at_plan_time()
    {
        var provider = new InMemoryProvider();
        var engine = Fixtures.Engine();
        var a = Widget.Named("a");
        var spec = Spec(a, Widget.Named("b") with { Peer = a.Arn.Token });
        var first = await engine.PlanAsync(spec, provider, cancellationToken: Ct);
        Assert.Contains(first[new ResourceId("Widget", "b")].Attributes, x => x.Path == "peer" && x.AfterUnknown);

        await engine.ApplyAsync(first, provider, cancellationToken: Ct);

        Assert.Equal("arn:test:Widget:a", ((Widget)provider.Cloud.Resources[new ResourceId("Widget", "b")].State).Peer);
        Assert.False((await engine.PlanAsync(spec, provider, cancellationToken: Ct)).HasChanges);
    }

    [Fact]
    public async Task A_missing_handler_names_the_kind_and_the_provider()
    {
        var provider = new InMemoryProvider();
        var spec = Spec(new Unhandled { Name = "x", Account = "000000000000" });

        var error = await Assert.ThrowsAsync<PlatformEngineException>(() => Fixtures.Engine().PlanAsync(spec, provider, cancellationToken: Ct));

        Assert.Contains("embedded provider has no handler for Unhandled", error.Message, StringComparison.Ordinal);
    }

    private sealed record Unhandled : AwsResource;
}
