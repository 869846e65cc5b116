using Piksel.Platform.Settings;
using Piksel.Platform.Tests.Infrastructure;

namespace Piksel.Platform.Tests.Settings;

/// <summary>
/// Fields overridden as .NET configuration layers them: the file, then <c>PIKSEL__&lt;FIELD&gt;</c> environment variables,
/// then <c>--set field=value</c>; every rule still holds, and an error says where the overriding value came from.
/// </summary>
public sealed class SettingsOverridesTests
{
    private const string File = "env/test.json";

    private const string Valid = """
        { "account": "123456789012", "hubAccount": "210987654321", "vpcCidr": "10.9.0.0/16", "availabilityZones": 2, "region": "ap-southeast-3" }
        """;

    private static EnvironmentSettings Parse(SettingsOverrides overrides, string json = Valid, IReadOnlyDictionary<string, string>? inputs = null, params (string, string)[] siblings) =>
        EnvironmentSettingsLoader.Parse(File, json, siblings, inputs, overrides);

    private static EnvironmentSettingsException Invalid(SettingsOverrides overrides, string json = Valid, params (string, string)[] siblings) =>
        Assert.Throws<EnvironmentSettingsException>(() => Parse(overrides, json, null, siblings));

    private static SettingsOverrides Variables(params (string Name, string Value)[] variables) =>
        SettingsOverrides.From(variables.ToDictionary(v => v.Name, v => v.Value), []);

    private static SettingsOverrides Set(params string[] set) => SettingsOverrides.From(new Dictionary<string, string>(), set);

    [Theory]
    [InlineData("PIKSEL__REGION")]
    [InlineData("piksel__region")]
    [InlineData("Piksel__Region")]
    public void An_environment_variable_overrides_a_field_in_any_case(string variable)
    {
        Assert.Equal("eu-west-1", Parse(Variables((variable, "eu-west-1"))).Region);
    }

    [Fact]
    public void Variables_without_the_prefix_are_ignored()
    {
        Assert.Equal("ap-southeast-3", Parse(Variables(("REGION", "eu-west-1"), ("PIKSEL_REGION", "eu-west-1"))).Region);
    }

    [Fact]
    public void Override_text_is_converted_to_the_field_type()
    {
        var settings = Parse(Variables(("PIKSEL__AVAILABILITYZONES", "3"), ("PIKSEL__CREATEADMINROLE", "true"), ("PIKSEL__SECRETREFRESHINTERVAL", "5m")));

        Assert.Equal((3, true, TimeSpan.FromMinutes(5)), (settings.AvailabilityZones, settings.CreateAdminRole, settings.SecretRefreshInterval));
    }

    [Fact]
    public void Set_wins_over_the_environment_which_wins_over_the_file()
    {
        var overrides = SettingsOverrides.From(
            new Dictionary<string, string> { ["PIKSEL__REGION"] = "eu-west-1", ["PIKSEL__KUBERNETESVERSION"] = "1.31" },
            ["region=us-east-1", "region=us-west-2"]);

        var settings = Parse(overrides);

        Assert.Equal(("us-west-2", "1.31"), (settings.Region, settings.KubernetesVersion));
    }

    [Fact]
    public void Set_field_names_are_case_insensitive_and_may_fill_a_field_the_file_lacks()
    {
        var settings = Parse(Set("PROVIDER=localstack", "databaseengineversion=15"));

        Assert.Equal((Piksel.Platform.Providers.ProviderKind.LocalStack, "15"), (settings.Provider, settings.DatabaseEngineVersion));
    }

    [Fact]
    public void A_bad_override_names_its_variable()
    {
        var error = Invalid(Variables(("PIKSEL__REGION", "moon-1")));

        Assert.Equal("env/test.json: \"region\" (from PIKSEL__REGION) is \"moon-1\": must be an AWS region code such as ap-southeast-3.", error.Message);
        Assert.Equal(new SettingsError("region", "is \"moon-1\": must be an AWS region code such as ap-southeast-3", "PIKSEL__REGION"), Assert.Single(error.Errors));
    }

    [Fact]
    public void A_bad_set_names_its_argument()
    {
        var error = Invalid(Set("availabilityZones=9"));

        Assert.Equal("env/test.json: \"availabilityZones\" (from --set availabilityZones) is 9: must be 2 to 6 (EKS needs subnets in at least two zones).", error.Message);
    }

    [Fact]
    public void Type_errors_of_an_override_are_reported()
    {
        var error = Invalid(Variables(("PIKSEL__AVAILABILITYZONES", "two"), ("PIKSEL__CREATEADMINROLE", "yes")));

        Assert.Contains("\"availabilityZones\" (from PIKSEL__AVAILABILITYZONES) is \"two\": must be a whole number", error.Message, StringComparison.Ordinal);
        Assert.Contains("\"createAdminRole\" (from PIKSEL__CREATEADMINROLE) is \"yes\": must be true or false", error.Message, StringComparison.Ordinal);
        Assert.Equal(2, error.Errors.Count);
    }

    [Fact]
    public void The_file_keeps_its_json_types_while_an_override_is_text()
    {
        var quoted = Valid.Replace("\"availabilityZones\": 2", "\"availabilityZones\": \"3\"", StringComparison.Ordinal);

        Assert.Contains("\"availabilityZones\" is \"3\": must be a whole number", Invalid(SettingsOverrides.None, quoted).Message, StringComparison.Ordinal);
        Assert.Equal(4, Parse(Variables(("PIKSEL__AVAILABILITYZONES", "4")), quoted).AvailabilityZones);
    }

    [Fact]
    public void Errors_from_the_file_and_from_overrides_come_in_one_message()
    {
        var json = Valid.Replace("123456789012", "1", StringComparison.Ordinal);

        var error = Invalid(Variables(("PIKSEL__REGION", "moon-1")), json);

        Assert.StartsWith("env/test.json has 2 invalid fields:\n  - \"account\" is \"1\"", error.Message, StringComparison.Ordinal);
        Assert.Contains("\"region\" (from PIKSEL__REGION)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_overridden_field_is_refused_naming_its_origin()
    {
        var error = Invalid(SettingsOverrides.From(new Dictionary<string, string> { ["PIKSEL__VPCCIDRS"] = "10.0.0.0/16" }, ["zones=3"]));

        Assert.Equal(["VPCCIDRS", "zones"], error.Errors.Select(e => e.Field));
        Assert.Contains("\"VPCCIDRS\" (from PIKSEL__VPCCIDRS) is not a known field; the fields are description, account", error.Message, StringComparison.Ordinal);
        Assert.Contains("\"zones\" (from --set zones) is not a known field", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("region")]
    [InlineData("=eu-west-1")]
    [InlineData("hunter2secret")]
    public void A_set_argument_that_is_not_field_equals_value_is_refused_without_quoting_it(string argument)
    {
        var error = Invalid(Set("region=eu-west-1", argument));

        Assert.Equal("env/test.json: \"--set\" argument 2 is not field=value (e.g. --set region=ap-southeast-1).", error.Message);
        Assert.DoesNotContain("hunter2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_overridden_value_that_clashes_with_a_sibling_file_names_its_origin()
    {
        var error = Invalid(Set("vpcCidr=10.8.0.0/16"), Valid, ("env/other.json", """{ "vpcCidr": "10.8.0.0/16", "account": "999999999999" }"""));

        Assert.Equal("env/test.json: \"vpcCidr\" (from --set vpcCidr) is \"10.8.0.0/16\": overlaps 10.8.0.0/16 of env/other.json; every environment needs its own range.", error.Message);
    }

    [Fact]
    public void A_manual_secret_comes_from_a_nested_variable_in_any_case()
    {
        var settings = Parse(Variables(("PIKSEL__MANUALSECRETS__SLACK-ALERTS", "https://hooks.example/T0/B0/override")));

        Assert.Equal("https://hooks.example/T0/B0/override", settings.ManualSecrets["slack-alerts"].Reveal());
    }

    [Fact]
    public void A_manual_secret_variable_overrides_the_file_and_the_file_keeps_the_others()
    {
        var json = Valid.TrimEnd().TrimEnd('}') + """, "manualSecrets": { "argo-oauth": "file:value", "grafana-oauth": "g:v" } }""";

        var settings = Parse(Variables(("PIKSEL__MANUALSECRETS__ARGO-OAUTH", "env:value")), json);

        Assert.Equal(("env:value", "g:v"), (settings.ManualSecrets["argo-oauth"].Reveal(), settings.ManualSecrets["grafana-oauth"].Reveal()));
    }

    [Fact]
    public void A_bad_manual_secret_variable_is_named_and_never_quoted()
    {
        var error = Invalid(Variables(("PIKSEL__MANUALSECRETS__ARGO-OAUTH", "nocolonsecretvalue"), ("PIKSEL__MANUALSECRETS__OTHER", "othersecretvalue")));

        Assert.Equal(
            [new SettingsError("manualSecrets.argo-oauth", "must be client_id:client_secret (two non-empty parts, one colon, no spaces)", "PIKSEL__MANUALSECRETS__ARGO-OAUTH"),
             new SettingsError("manualSecrets.OTHER", "is not a manual secret; they are argo-oauth, jupyterhub-oauth, grafana-oauth, slack-alerts", "PIKSEL__MANUALSECRETS__OTHER")],
            error.Errors);
        Assert.DoesNotContain("secretvalue", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_manual_secret_on_the_command_line_is_refused_without_quoting_it()
    {
        var error = Invalid(Set("manualSecrets.argo-oauth=client:commandlinesecret"));

        Assert.Equal("env/test.json: \"manualSecrets.argo-oauth\" (from --set manualSecrets.argo-oauth) must not be given on the command line, where the process list and shell history show it: pass it as the environment variable PIKSEL_SECRET_ARGO_OAUTH.", error.Message);
        Assert.DoesNotContain("commandlinesecret", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Manual_secrets_set_to_a_single_value_are_refused()
    {
        var error = Invalid(Variables(("PIKSEL__MANUALSECRETS", "notanobjectsecret")));

        Assert.Equal(new SettingsError("manualSecrets", "must be an object of name: value pairs", "PIKSEL__MANUALSECRETS"), Assert.Single(error.Errors));
        Assert.DoesNotContain("notanobjectsecret", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Secret_inputs_still_win_and_an_aws_file_takes_secrets_from_the_environment()
    {
        var aws = """{ "account": "123456789012", "hubAccount": "210987654321", "vpcCidr": "10.9.0.0/16", "provider": "aws", "hubRoleArn": "arn:aws:iam::210987654321:role/deployer" }""";
        var overrides = Variables(("PIKSEL__MANUALSECRETS__ARGO-OAUTH", "env:value"), ("PIKSEL__MANUALSECRETS__GRAFANA-OAUTH", "g:v"));

        var settings = Parse(overrides, aws, new Dictionary<string, string> { ["argo-oauth"] = "input:value" });

        Assert.Equal(("input:value", "g:v"), (settings.ManualSecrets["argo-oauth"].Reveal(), settings.ManualSecrets["grafana-oauth"].Reveal()));
    }

    [Fact]
    public void A_repository_file_takes_overrides_too()
    {
        var settings = EnvironmentSettingsLoader.Load(RepoPaths.EnvDirectory, "dev", overrides: Set("databaseEngineVersion=15", "availabilityZones=3"));

        Assert.Equal(("15", 3, "236122835646"), (settings.DatabaseEngineVersion, settings.AvailabilityZones, settings.Account));
    }

    [Fact]
    public void The_process_environment_is_read_through_the_environment_variables_provider()
    {
        // A name no other test reads: only FromProcess sees the process's variables.
        const string Variable = "PIKSEL__SECRETREFRESHINTERVAL";
        Environment.SetEnvironmentVariable(Variable, "42s");
        try
        {
            Assert.Equal(TimeSpan.FromSeconds(42), Parse(SettingsOverrides.FromProcess([])).SecretRefreshInterval);
            Assert.Equal(TimeSpan.FromHours(1), Parse(SettingsOverrides.None).SecretRefreshInterval);
            Environment.SetEnvironmentVariable(Variable, "forever");
            Assert.Contains("\"secretRefreshInterval\" (from PIKSEL__SECRETREFRESHINTERVAL) is \"forever\"", Invalid(SettingsOverrides.FromProcess([])).Message, StringComparison.Ordinal);
        }
        finally
        {
            Environment.SetEnvironmentVariable(Variable, null);
        }
    }
}
