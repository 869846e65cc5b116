using Piksel.Platform.Spec;
using Piksel.Platform.Tests.Infrastructure;

namespace Piksel.Platform.Tests.Engine;

public sealed class DependencyGraphTests
{
    private static ResourceId W(string key) => new("Widget", key);

    [Fact]
    public void A_cycle_is_rejected_and_named()
    {
        var builder = new PlatformSpecBuilder("test");
        builder.Add(Widget.Named("a", W("c")));
        builder.Add(Widget.Named("b", W("a")));
        builder.Add(Widget.Named("c", W("b")));

        var error = Assert.Throws<DependencyCycleException>(builder.Build);

        Assert.Equal("Dependency cycle: Widget.a -> Widget.c -> Widget.b -> Widget.a. Break it by removing one of these dependencies.", error.Message);
        Assert.Equal(4, error.Cycle.Count);
    }

    [Fact]
    public void A_cycle_through_an_output_reference_is_rejected_too()
    {
        var builder = new PlatformSpecBuilder("test");
        builder.Add(Widget.Named("a") with { Peer = new OutputRef(W("b"), "arn").Token });
        builder.Add(Widget.Named("b", W("a")));

        var error = Assert.Throws<DependencyCycleException>(builder.Build);

        Assert.Contains("Widget.a -> Widget.b -> Widget.a", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_self_dependency_is_a_cycle()
    {
        var builder = new PlatformSpecBuilder("test");
        builder.Add(Widget.Named("a", W("a")));

        Assert.Contains("Widget.a -> Widget.a", Assert.Throws<DependencyCycleException>(builder.Build).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_dependency_is_named()
    {
        var builder = new PlatformSpecBuilder("test");
        builder.Add(Widget.Named("a", W("ghost")));

        Assert.Equal("Widget.a depends on Widget.ghost, which is not in the spec.", Assert.Throws<InvalidOperationException>(builder.Build).Message);
    }

    [Fact]
    public void Duplicate_ids_are_refused()
    {
        var builder = new PlatformSpecBuilder("test");
        builder.Add(Widget.Named("a"));

        Assert.Throws<InvalidOperationException>(() => builder.Add(Widget.Named("a")));
    }

    [Fact]
    public void Order_puts_dependencies_first_and_references_count_as_dependencies()
    {
        var builder = new PlatformSpecBuilder("test");
        builder.Add(Widget.Named("late") with { Peer = new OutputRef(W("early"), "arn").Token });
        builder.Add(Widget.Named("early"));

        var graph = DependencyGraph.Of(builder.Build());

        Assert.Equal([W("early"), W("late")], graph.Order);
        Assert.Contains(W("early"), graph.DependenciesOf(W("late")));
        Assert.Contains(W("late"), graph.DependentsOf(W("early")));
    }
}
