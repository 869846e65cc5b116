namespace Piksel.AppHost.Tests;

/// <summary>
/// The browser tests, each starting its own AppHost process with the orchestrator, the dashboard and Chromium: run
/// alone, after the other collections, so no concurrently starting app takes the ports they picked or the two cores
/// their start needs (a grid left empty for two minutes was seen once in five runs beside the in-process fixture).
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class DashboardCollection
{
    /// <summary>The collection's name.</summary>
    public const string Name = "dashboard-browser";
}
