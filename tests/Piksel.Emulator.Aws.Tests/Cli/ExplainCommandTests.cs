using Piksel.Emulator.Aws.Tests.Hosting;
using Piksel.Emulator.Aws.Tests.Infrastructure;
using Piksel.Testing;

namespace Piksel.Emulator.Aws.Tests.Cli;

/// <summary>`explain &lt;request id&gt;` as a user runs it against the running environment named by <c>.piksel/&lt;env&gt;/aws.env</c>.</summary>
[Collection(EmulatorCollection.Name)]
public sealed class ExplainCommandTests(EmulatorFixture fixture) : IDisposable
{
    private readonly string workDir = Directory.CreateTempSubdirectory("piksel-explain-").FullName;

    public void Dispose() => Directory.Delete(workDir, recursive: true);

    private void Running(string env)
    {
        var root = Directory.CreateDirectory(Path.Combine(workDir, ".piksel", env)).FullName;
        File.WriteAllText(Path.Combine(root, "aws.env"), $"export AWS_ENDPOINT_URL={fixture.ServiceUrl}\nexport AWS_REGION=us-east-1\n");
    }

    [Fact]
    public async Task A_request_refused_by_IAM_is_explained_by_the_verb()
    {
        Running("local");
        var (requestId, userArn, bucket, _) = await RecentRequestsTests.DeniedReadAsync(fixture, "terria-verb");

        var (exit, output, error) = await AppHostProcess.RunInAsync(workDir, "explain", requestId);

        Assert.True(exit == 0, error);
        Assert.Contains($"request    {requestId}", output, StringComparison.Ordinal);
        Assert.Contains($"principal  {userArn}", output, StringComparison.Ordinal);
        Assert.Contains("call       s3 GetObject → 403 AccessDenied", output, StringComparison.Ordinal);
        Assert.Contains($"implicit deny: s3:GetObject on arn:aws:s3:::{bucket}/report.txt", output, StringComparison.Ordinal);
        Assert.Contains("decided by  the identity-based policy", output, StringComparison.Ordinal);
        Assert.Contains("- identity-based policy inline, statement TerriaData (Allow): resource not matched", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_id_or_no_running_environment_exits_1_with_a_clear_message()
    {
        Running("dev");
        var (exit, _, error) = await AppHostProcess.RunInAsync(workDir, "explain", "no-such-request", "--env", "dev");
        Assert.Equal(1, exit);
        Assert.Contains("No request no-such-request is kept here", error, StringComparison.Ordinal);

        (exit, _, error) = await AppHostProcess.RunInAsync(workDir, "explain", "whatever", "--env", "staging");
        Assert.Equal(1, exit);
        Assert.Contains("no staging environment runs here", error, StringComparison.Ordinal);

        (exit, _, error) = await AppHostProcess.RunInAsync(workDir, "explain", "whatever", "--env", "../etc");
        Assert.Equal(1, exit);
        Assert.Contains("is not an environment name", error, StringComparison.Ordinal);
    }
}
