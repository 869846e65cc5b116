using Aspire.Hosting;
using Piksel.AppHost.AppModel;
using Piksel.Platform.Definition;
using Piksel.Platform.Settings;

namespace Piksel.AppHost.UnitTests;

/// <summary>Which resource's console shows an emulator's log category.</summary>
public sealed class EmulatorLogsTests
{
    private static readonly PikselAppModel Model = PikselAppModel.Add(
        DistributedApplication.CreateBuilder(new DistributedApplicationOptions { Args = [] }),
        PikselPlatform.Define(EnvironmentSettingsLoader.Load(Path.Combine(AppliedEnvironment.RepositoryRoot(), "env"), "local")));

    [Theory]
    [InlineData("Piksel.Emulator.Aws", "aws")]
    [InlineData("Piksel.Emulator.Aws.Rds.Servers.LocalPostgresServers", "database")]
    [InlineData("Piksel.Hosting.Database.ContainerPostgresServers", "database")]
    [InlineData("Some.Other.Category", "aws")]
    public void Aws_and_database_categories_go_to_their_resources(string category, string resource) =>
        Assert.Equal(resource, EmulatorLogs.ResourceFor(category, Model).Name);

    [Fact]
    public void The_API_servers_category_goes_to_the_one_cluster()
    {
        var cluster = Assert.Single(Model.Clusters.Values);
        Assert.Same(cluster, EmulatorLogs.ResourceFor("Piksel.Emulator.Kubernetes", Model));
    }
}
