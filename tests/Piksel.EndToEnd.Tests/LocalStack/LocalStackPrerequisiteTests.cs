using Piksel.EndToEnd.Tests.Infrastructure;
using Piksel.Hosting.LocalStack;

namespace Piksel.EndToEnd.Tests.LocalStack;

/// <summary>
/// Without a Docker daemon, <c>--provider localstack</c> stops at once, before anything is made, in one line saying
/// Docker is needed and that <c>embedded</c> needs nothing: as a call, and as every verb of the CLI.
/// </summary>
public sealed class LocalStackPrerequisiteTests : IDisposable
{
    private readonly CliWorkDirectory work = new("localstack-prereq");

    public void Dispose() => work.Dispose();

    private string NoDaemon => $"unix://{Path.Combine(work.Path, "no-docker.sock")}";

    [Fact]
    public void Without_a_daemon_the_check_throws_one_line_naming_Docker_and_embedded()
    {
        var thrown = Assert.Throws<DockerRequiredException>(() => LocalStackProvider.EnsurePrerequisites(new Uri(NoDaemon)));

        Assert.Contains("needs Docker", thrown.Message, StringComparison.Ordinal);
        Assert.Contains(NoDaemon, thrown.Message, StringComparison.Ordinal);
        Assert.Contains("--provider embedded needs nothing", thrown.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', thrown.Message);
    }

    [Fact]
    public async Task Starting_without_a_daemon_fails_before_anything_is_made()
    {
        var state = Path.Combine(work.Path, "state");
        await Assert.ThrowsAsync<DockerRequiredException>(() =>
            LocalStackProvider.StartAsync(PlatformClients.LocalSettings(), state, new Uri(NoDaemon), TestContext.Current.CancellationToken));

        Assert.False(Directory.Exists(state), "nothing may be made without Docker");
    }

    [Theory]
    [InlineData("plan")]
    [InlineData("apply")]
    [InlineData("destroy")]
    [InlineData("verify")]
    [InlineData("up")]
    public async Task Every_verb_on_localstack_without_Docker_is_exit_1_with_one_line_and_makes_nothing(string verb)
    {
        var (exitCode, output, error) = await Piksel.Testing.AppHostProcess.RunInAsync(
            work.Path, new Dictionary<string, string> { ["DOCKER_HOST"] = NoDaemon }, verb, "--provider", "localstack");

        Assert.Equal(1, exitCode);
        var line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        Assert.StartsWith("error: --provider localstack needs Docker", line, StringComparison.Ordinal);
        Assert.Contains("--provider embedded needs nothing", line, StringComparison.Ordinal);
        Assert.Empty(output);
        Assert.False(Directory.Exists(Path.Combine(work.Path, ".piksel")), "nothing may be made without Docker");
    }
}
