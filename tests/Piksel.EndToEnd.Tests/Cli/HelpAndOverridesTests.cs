using System.Text.RegularExpressions;
using Piksel.EndToEnd.Tests.Infrastructure;
using Piksel.Testing;

namespace Piksel.EndToEnd.Tests.Cli;

/// <summary>
/// What a user finds without reading the code: <c>--help</c> of every verb lists its options, each with a description; and
/// a bad override (<c>PIKSEL__&lt;FIELD&gt;</c>, <c>--set</c>) stops the verb with one sentence naming where it came from.
/// </summary>
public sealed partial class HelpAndOverridesTests : IDisposable
{
    private readonly CliWorkDirectory work = new("help");

    public void Dispose() => work.Dispose();

    public static TheoryData<string, string[]> Verbs() => new()
    {
        { "plan", ["--env", "--provider", "--set", "--detailed-exitcode"] },
        { "apply", ["--env", "--provider", "--set"] },
        { "destroy", ["--env", "--provider", "--set"] },
        { "verify", ["--env", "--provider", "--set"] },
        { "up", ["--env", "--provider", "--set", "--port", "--faults", "--fault", "--fault-seed"] },
        { "emulator aws", ["--port", "--data-dir", "--trust-ca", "--resolve", "--account", "--faults", "--fault", "--fault-seed"] },
        { "emulator kubernetes", ["--port", "--kubeconfig", "--data-dir"] },
    };

    [Theory]
    [MemberData(nameof(Verbs))]
    public async Task Help_of_every_verb_lists_its_options_each_with_a_description(string verb, string[] options)
    {
        var (exitCode, output, error) = await AppHostProcess.RunAsync([.. verb.Split(' '), "--help"]);

        Assert.True(exitCode == 0, output + error);
        var lines = OptionLines(output);
        foreach (var option in options)
        {
            Assert.Contains(lines, l => l.Name == option);
        }

        Assert.All(lines, l => Assert.False(string.IsNullOrWhiteSpace(l.Description), $"{verb} {l.Name} has no description"));
    }

    [Fact]
    public async Task Help_of_the_root_names_every_verb_and_the_overrides()
    {
        var (exitCode, output, _) = await AppHostProcess.RunAsync("--help");

        Assert.Equal(0, exitCode);
        foreach (var verb in new[] { "emulator", "plan", "apply", "destroy", "verify", "up" })
        {
            Assert.Matches(new Regex($@"^\s+{verb}\s{{2,}}\S", RegexOptions.Multiline), output);
        }

        Assert.Contains("PIKSEL__<FIELD>", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bad_set_stops_the_verb_naming_the_argument_and_makes_nothing()
    {
        var (exitCode, output, error) = await AppHostProcess.RunInAsync(work.Path, "plan", "--set", "availabilityZones=9", "--set", "zones=3");

        Assert.Equal(1, exitCode);
        Assert.Contains("env/local.json has 2 invalid fields:", error, StringComparison.Ordinal);
        Assert.Contains("\"availabilityZones\" (from --set availabilityZones) is 9: must be 2 to 6", error, StringComparison.Ordinal);
        Assert.Contains("\"zones\" (from --set zones) is not a known field", error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
        Assert.Empty(output);
        Assert.False(Directory.Exists(Path.Combine(work.Path, ".piksel")), "nothing may be made when the settings are wrong");
    }

    [Fact]
    public async Task A_bad_environment_variable_stops_the_verb_naming_the_variable()
    {
        var (exitCode, _, error) = await AppHostProcess.RunInAsync(
            work.Path, new Dictionary<string, string> { ["PIKSEL__REGION"] = "moon-1" }, "apply");

        Assert.Equal(1, exitCode);
        Assert.Contains("error: env/local.json: \"region\" (from PIKSEL__REGION) is \"moon-1\": must be an AWS region code such as ap-southeast-3.", error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(work.Path, ".piksel")), "nothing may be made when the settings are wrong");
    }

    [Fact]
    public async Task A_secret_on_the_command_line_is_refused_without_echoing_it()
    {
        var (exitCode, output, error) = await AppHostProcess.RunInAsync(work.Path, "plan", "--set", "manualSecrets.argo-oauth=id:clisecretvalue");

        Assert.Equal(1, exitCode);
        Assert.Contains("pass it as the environment variable PIKSEL_SECRET_ARGO_OAUTH", error, StringComparison.Ordinal);
        Assert.DoesNotContain("clisecretvalue", output + error, StringComparison.Ordinal);
    }

    // The lines of the "Options:" section: "  --name <arg>   Description".
    private static List<(string Name, string Description)> OptionLines(string help)
    {
        var section = help[(help.IndexOf("Options:", StringComparison.Ordinal) + "Options:".Length)..];
        var end = section.IndexOf("\n\n", StringComparison.Ordinal);
        return [.. (end < 0 ? section : section[..end]).Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => OptionLine().Match(l))
            .Where(m => m.Success)
            .Select(m => (m.Groups["name"].Value, m.Groups["description"].Value))];
    }

    [GeneratedRegex(@"^\s+(?:-\S+,\s+)*(?<name>--[\w-]+)(?:\s+<[^>]+>)?(?:\s{2,}(?<description>.*))?$")]
    private static partial Regex OptionLine();
}
