using Piksel.Platform.Engine;
using Piksel.Platform.Spec;
using Piksel.Platform.Tests.Infrastructure;

namespace Piksel.Platform.Tests.Engine;

public sealed class PlanRendererTests
{
    private static readonly CancellationToken Ct = TestContext.Current.CancellationToken;

    [Fact]
    public async Task Renders_each_change_kind_with_its_terraform_symbol_and_a_summary()
    {
        var provider = new InMemoryProvider();
        var engine = Fixtures.Engine();
        PlatformSpec Spec(params Widget[] widgets)
        {
            var builder = new PlatformSpecBuilder("test");
            foreach (var w in widgets)
            {
                builder.Add(w);
            }

            return builder.Build();
        }

        await engine.ApplyAsync(
            await engine.PlanAsync(Spec(Widget.Named("same"), Widget.Named("grow"), Widget.Named("move"), Widget.Named("gone")), provider, cancellationToken: Ct),
            provider,
            cancellationToken: Ct);

        var text = (await engine.PlanAsync(
            Spec(Widget.Named("same"), Widget.Named("grow") with { Size = "big" }, Widget.Named("move") with { Zone = "b" }, Widget.Named("new")),
            provider,
            cancellationToken: Ct)).Render();

        Assert.Contains("    Widget.same: no change", text, StringComparison.Ordinal);
        Assert.Contains("  # Widget.grow will be updated in-place\n  ~ Widget.grow\n      ~ size = \"small\" -> \"big\"", text, StringComparison.Ordinal);
        Assert.Contains("-/+ Widget.move", text, StringComparison.Ordinal);
        Assert.Contains("~ zone = \"a\" -> \"b\" # forces replacement", text, StringComparison.Ordinal);
        Assert.Contains("  # Widget.gone will be destroyed\n  - Widget.gone", text, StringComparison.Ordinal);
        Assert.Contains("  + Widget.new", text, StringComparison.Ordinal);
        Assert.Contains("+ size", text, StringComparison.Ordinal);
        Assert.Contains("Plan: 2 to add, 1 to change, 2 to destroy (1 replaced, 1 unchanged).", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Values_known_only_after_apply_say_so()
    {
        var builder = new PlatformSpecBuilder("test");
        var a = builder.Add(Widget.Named("a"));
        builder.Add(Widget.Named("b") with { Peer = a.Arn.Token });

        var text = (await Fixtures.Engine().PlanAsync(builder.Build(), new InMemoryProvider(), cancellationToken: Ct)).Render();

        Assert.Matches(@"\+ peer +\= \(known after apply\)", text);
        Assert.DoesNotContain("${ref:", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_empty_plan_says_no_changes()
    {
        var text = (await Fixtures.Engine().PlanAsync(new PlatformSpecBuilder("test").Build(), new InMemoryProvider(), cancellationToken: Ct)).Render();

        Assert.Contains("No changes.", text, StringComparison.Ordinal);
    }
}
