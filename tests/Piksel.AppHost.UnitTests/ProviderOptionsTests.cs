using Amazon.Runtime;
using Piksel.AppHost.AppModel;
using Piksel.Platform.Providers;
using Piksel.Platform.Settings;

namespace Piksel.AppHost.UnitTests;

/// <summary>
/// <c>up</c>'s provider options, parsed by the one parser both forms of <c>up</c> use, and what it refuses: the Aspire app
/// takes every provider with the options the verbs take, and says what is missing before anything starts.
/// </summary>
public sealed class ProviderOptionsTests
{
    private static readonly EnvironmentSettings Local = EnvironmentSettingsLoader.Load(Path.Combine(RepositoryRoot(), "env"), "local");

    [Theory]
    [InlineData("up --provider localstack", "localstack")]
    [InlineData("up --provider aws --profile deployer", "aws")]
    [InlineData("up --provider existing --aws-endpoint http://localhost:4566 --context kind-dev", "existing")]
    [InlineData("up --env=dev --provider=embedded", "embedded")]
    public void Every_provider_runs_in_the_Aspire_app(string line, string provider)
    {
        var options = AspireUpOptions.TryParse(Args(line));

        Assert.NotNull(options);
        Assert.Equal(provider, options.Provider);
    }

    [Fact]
    public void Existing_takes_the_verbs_endpoint_kubeconfig_context_capabilities_and_keys()
    {
        var options = AspireUpOptions.TryParse(Args(
            "up --provider existing --aws-endpoint http://localhost:4599 --kubeconfig /tmp/k --context dev --capabilities IamEnforcement,RealDatabase --account-keys 000000000001:hub-key:hub-secret"))!;

        var existing = options.ChoiceFor(Target(ProviderKind.Existing)).Existing!;

        Assert.Equal(new Uri("http://localhost:4599"), existing.AwsEndpoint);
        Assert.Equal(("/tmp/k", "dev"), (existing.KubeconfigPath, existing.Context));
        Assert.Equal(ProviderCapabilities.IamEnforcement | ProviderCapabilities.RealDatabase, existing.Capabilities);
        Assert.Equal("hub-key", existing.Credentials["000000000001"].AccessKeyId);
        Assert.Equal(Path.Combine("/tmp/work/.piksel/local", "state"), existing.StateDirectory);
    }

    [Fact]
    public void Existing_without_an_endpoint_is_refused_saying_what_to_pass()
    {
        var options = AspireUpOptions.TryParse(["up", "--provider", "existing"])!;

        var refused = Assert.Throws<ArgumentException>(() => options.ChoiceFor(Target(ProviderKind.Existing)));

        Assert.StartsWith("--provider existing needs --aws-endpoint URL", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Malformed_account_keys_are_refused_without_the_secret()
    {
        var options = AspireUpOptions.TryParse(["up", "--provider", "existing", "--aws-endpoint", "http://localhost:4566", "--account-keys", "12:key:very-secret"])!;

        var refused = Assert.Throws<ArgumentException>(() => options.ChoiceFor(Target(ProviderKind.Existing)));

        Assert.Contains("ACCOUNT_ID:ACCESS_KEY_ID:SECRET", refused.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("very-secret", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Aws_takes_the_profile_and_no_existing_options()
    {
        var choice = AspireUpOptions.TryParse(["up", "--provider", "aws", "--profile", "deployer"])!.ChoiceFor(Target(ProviderKind.Aws));

        Assert.Equal("deployer", choice.Profile);
        Assert.Null(choice.Existing);
    }

    [Fact]
    public void Aws_keys_come_from_the_apps_variables_unless_a_profile_names_its_own()
    {
        var variables = new Dictionary<string, string>
        {
            ["AWS_ENDPOINT_URL"] = "http://localhost:4599",
            ["AWS_ACCESS_KEY_ID"] = "deployer-key",
            ["AWS_SECRET_ACCESS_KEY"] = "deployer-secret",
        };
        var choice = new ProviderChoice(null, null) { Variables = variables.GetValueOrDefault };

        var options = choice.AwsOptions();

        Assert.Equal("deployer-key", Assert.IsType<BasicAWSCredentials>(options.Credentials).GetCredentials().AccessKey);
        Assert.Equal("http://localhost:4599", options.Variables("AWS_ENDPOINT_URL"));
        Assert.Null((choice with { Profile = "deployer" }).AwsOptions().Credentials);
    }

    [Fact]
    public void Production_is_not_brought_up_without_the_confirmation_apply_needs()
    {
        var refusal = ProductionConfirmation.Refusal("production", "up", confirmed: false);

        Assert.Equal("up --env production changes production: run it again with --confirm-production if that is what you mean.", refusal);
        Assert.True(AspireUpOptions.TryParse(["up", "--env", "production", "--confirm-production"])!.ConfirmProduction);
        Assert.False(AspireUpOptions.TryParse(["up", "--env", "production"])!.ConfirmProduction);
    }

    [Fact]
    public void Headless_up_refuses_production_and_an_existing_provider_without_its_endpoint_before_starting_anything()
    {
        var work = RepositoryRoot();

        Assert.Null(UpCommand.Prepare(AspireUpOptions.TryParse(["up", "--env", "production", "--provider", "embedded"])!, work));
        Assert.Null(UpCommand.Prepare(AspireUpOptions.TryParse(["up", "--provider", "existing"])!, work));
        var prepared = UpCommand.Prepare(AspireUpOptions.TryParse(["up", "--provider", "existing", "--aws-endpoint", "http://localhost:4566"])!, work);
        Assert.Equal(ProviderKind.Existing, prepared!.Value.Target.Provider);
        Assert.Equal(Path.Combine(work, ".piksel", "local"), prepared.Value.Target.Root);
    }

    [Theory]
    [InlineData("up --provider existing")]
    [InlineData("up --headless --provider existing")]
    [InlineData("up --env production --provider aws")]
    public async Task Both_forms_of_up_refuse_before_starting_anything_with_one_sentence(string line)
    {
        var (exitCode, _, error) = await Piksel.Testing.AppHostProcess.RunInAsync(RepositoryRoot(), Args(line));

        Assert.Equal(1, exitCode);
        Assert.Matches("^error: (--provider existing needs --aws-endpoint URL|up --env production changes production)", error);
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
    }

    private static EnvironmentTarget Target(ProviderKind kind) => new(Local, "/tmp/work/.piksel/local") { Provider = kind };

    private static string[] Args(string line) => line.Split(' ', StringSplitOptions.RemoveEmptyEntries);

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Piksel.Platform.sln"))) return dir.FullName;
        }
        throw new InvalidOperationException($"No Piksel.Platform.sln above {AppContext.BaseDirectory}.");
    }
}
