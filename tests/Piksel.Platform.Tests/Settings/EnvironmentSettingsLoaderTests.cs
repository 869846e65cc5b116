using Piksel.Platform.Providers;
using Piksel.Platform.Settings;
using Piksel.Platform.Tests.Infrastructure;

namespace Piksel.Platform.Tests.Settings;

public sealed class EnvironmentSettingsLoaderTests
{
    private const string File = "env/test.json";

    private const string Valid = """
        { "account": "123456789012", "hubAccount": "210987654321", "vpcCidr": "10.9.0.0/16" }
        """;

    private static EnvironmentSettings Parse(string json, string file = File, IReadOnlyDictionary<string, string>? inputs = null, params (string, string)[] siblings) =>
        EnvironmentSettingsLoader.Parse(file, json, siblings, inputs);

    private static string With(string field, string jsonValue) =>
        Valid.TrimEnd().TrimEnd('}') + $", \"{field}\": {jsonValue} }}";

    private static EnvironmentSettingsException Invalid(string json, string file = File, IReadOnlyDictionary<string, string>? inputs = null, params (string, string)[] siblings) =>
        Assert.Throws<EnvironmentSettingsException>(() => Parse(json, file, inputs, siblings));

    [Theory]
    [InlineData("local")]
    [InlineData("dev")]
    [InlineData("staging")]
    [InlineData("production")]
    public void The_repository_environment_files_load(string name)
    {
        var settings = Fixtures.Load(name);

        Assert.Equal(name, settings.Name);
        Assert.Equal("ap-southeast-3", settings.Region);
        Assert.Equal("1.33", settings.KubernetesVersion);
    }

    [Fact]
    public void The_repository_files_match_the_environment_table()
    {
        var local = Fixtures.Load("local");
        Assert.Equal(("000000000000", "000000000001", "10.0.0.0/16", 2, ProviderKind.Embedded), (local.Account, local.HubAccount, local.VpcCidr.ToString(), local.AvailabilityZones, local.Provider));
        Assert.Equal(TimeSpan.FromSeconds(10), local.SecretRefreshInterval);
        Assert.Equal(4, local.ManualSecrets.Count);
        var production = Fixtures.Load("production");
        Assert.Equal(("522783511350", "686410905891", "10.3.0.0/16", 3, ProviderKind.Aws), (production.Account, production.HubAccount, production.VpcCidr.ToString(), production.AvailabilityZones, production.Provider));
        Assert.Equal(("236122835646", "10.1.0.0/16"), (Fixtures.Load("dev").Account, Fixtures.Load("dev").VpcCidr.ToString()));
        Assert.Equal(("326641642924", "10.2.0.0/16"), (Fixtures.Load("staging").Account, Fixtures.Load("staging").VpcCidr.ToString()));
    }

    [Fact]
    public void Defaults_apply_to_fields_left_out()
    {
        var settings = Parse(Valid);

        Assert.Equal("ap-southeast-3", settings.Region);
        Assert.Equal(2, settings.AvailabilityZones);
        Assert.Equal(ProviderKind.Embedded, settings.Provider);
        Assert.Equal("1.33", settings.KubernetesVersion);
        Assert.Equal(TimeSpan.FromHours(1), settings.SecretRefreshInterval);
        Assert.Equal("arn:aws:iam::123456789012:role/piksel-test-admin", settings.AdminRoleArn);
        Assert.False(settings.CreateAdminRole);
        Assert.Null(settings.PublicDatasetsAccount);
    }

    [Theory]
    [InlineData("12345678901")]
    [InlineData("1234567890123")]
    [InlineData("12345678901a")]
    public void An_account_that_is_not_12_digits_is_refused_naming_file_field_and_rule(string account)
    {
        var error = Invalid($$"""{ "account": "{{account}}", "hubAccount": "210987654321", "vpcCidr": "10.9.0.0/16" }""");

        Assert.Equal($"env/test.json: \"account\" is \"{account}\": must be exactly 12 digits (an AWS account id).", error.Message);
        Assert.Equal("account", Assert.Single(error.Errors).Field);
    }

    [Fact]
    public void A_missing_required_field_is_named()
    {
        var error = Invalid("""{ "hubAccount": "210987654321", "vpcCidr": "10.9.0.0/16" }""");

        Assert.Equal("env/test.json: \"account\" is missing: it must be a 12-digit AWS account id.", error.Message);
    }

    [Fact]
    public void The_hub_must_be_another_account()
    {
        var error = Invalid("""{ "account": "123456789012", "hubAccount": "123456789012", "vpcCidr": "10.9.0.0/16" }""");

        Assert.Equal("hubAccount", Assert.Single(error.Errors).Field);
    }

    [Fact]
    public void Several_bad_fields_are_reported_together_in_one_message()
    {
        var error = Invalid("""{ "account": "1", "hubAccount": "2", "vpcCidr": "10.9.0.0/16", "region": "moon-1" }""");

        Assert.StartsWith("env/test.json has 3 invalid fields:\n  - \"account\"", error.Message, StringComparison.Ordinal);
        Assert.Equal(["account", "hubAccount", "region"], error.Errors.Select(e => e.Field));
    }

    [Theory]
    [InlineData("\"10.9.0.1/16\"", "has host bits set: the network is 10.9.0.0/16")]
    [InlineData("\"10.9.0.0\"", "is not an IPv4 CIDR block")]
    [InlineData("\"10.9.0.0/33\"", "is not an IPv4 CIDR block")]
    [InlineData("\"8.8.0.0/16\"", "must lie in a private range of RFC 1918")]
    [InlineData("\"10.0.0.0/8\"", "the prefix must be /16 to /24")]
    [InlineData("\"10.9.0.0/26\"", "the prefix must be /16 to /24")]
    [InlineData("16", "must be a string")]
    public void A_bad_vpc_cidr_says_what_is_allowed(string value, string expected)
    {
        var json = $$"""{ "account": "123456789012", "hubAccount": "210987654321", "vpcCidr": {{value}} }""";

        var error = Invalid(json);

        Assert.Equal("vpcCidr", Assert.Single(error.Errors).Field);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_vpc_too_small_for_its_subnets_is_refused()
    {
        var json = """{ "account": "123456789012", "hubAccount": "210987654321", "vpcCidr": "10.9.0.0/24", "availabilityZones": 6 }""";

        Assert.Contains("too small for 12 subnets of at least /26", Invalid(json).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_small_vpc_is_enough_for_two_zones()
    {
        Assert.Equal(24, Parse("""{ "account": "123456789012", "hubAccount": "210987654321", "vpcCidr": "10.9.0.0/24" }""").VpcCidr.PrefixLength);
    }

    [Fact]
    public void Overlapping_cidrs_across_environment_files_are_refused_naming_the_other_file()
    {
        var error = Invalid(Valid, siblings: ("env/other.json", """{ "vpcCidr": "10.9.128.0/17", "account": "999999999999" }"""));

        Assert.Equal("env/test.json: \"vpcCidr\" is \"10.9.0.0/16\": overlaps 10.9.128.0/17 of env/other.json; every environment needs its own range.", error.Message);
    }

    [Fact]
    public void Two_environments_in_one_account_are_refused()
    {
        var error = Invalid(Valid, siblings: ("env/other.json", """{ "vpcCidr": "10.8.0.0/16", "account": "123456789012" }"""));

        Assert.Equal("account", Assert.Single(error.Errors).Field);
    }

    [Fact]
    public void A_broken_sibling_does_not_break_this_environment()
    {
        Assert.Equal("test", Parse(Valid, siblings: ("env/broken.json", "{ not json")).Name);
    }

    [Theory]
    [InlineData("\"gcp\"")]
    [InlineData("\"AWS\"")]
    public void The_provider_must_be_one_of_three(string value)
    {
        Assert.Contains("\"provider\" is " + value + ": must be one of embedded, localstack, aws", Invalid(With("provider", value)).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\"1.20\"")]
    [InlineData("\"latest\"")]
    public void The_kubernetes_version_must_be_one_eks_supports(string value)
    {
        Assert.Contains("must be a version EKS supports: 1.28, 1.29", Invalid(With("kubernetesVersion", value)).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\"0s\"")]
    [InlineData("\"25h\"")]
    [InlineData("\"10 seconds\"")]
    public void The_refresh_interval_must_be_a_duration_within_bounds(string value)
    {
        Assert.Contains("must be a duration from 1s to 24h", Invalid(With("secretRefreshInterval", value)).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("1")]
    [InlineData("7")]
    [InlineData("\"two\"")]
    public void Availability_zones_are_two_to_six(string value)
    {
        Assert.Equal("availabilityZones", Assert.Single(Invalid(With("availabilityZones", value)).Errors).Field);
    }

    [Theory]
    [InlineData("\"eu-west\"")]
    [InlineData("\"AP-SOUTHEAST-3\"")]
    public void The_region_must_be_a_region_code(string value)
    {
        Assert.Contains("must be an AWS region code such as ap-southeast-3", Invalid(With("region", value)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_region_outside_the_aws_partition_changes_the_arns()
    {
        Assert.Equal("arn:aws-cn:iam::123456789012:role/piksel-test-admin", Parse(With("region", "\"cn-north-1\"")).AdminRoleArn);
    }

    [Theory]
    [InlineData("\"arn:aws:iam::999999999999:role/admin\"", "the role must be in the environment's account 123456789012")]
    [InlineData("\"arn:aws:iam::123456789012:user/admin\"", "must be an IAM role ARN")]
    [InlineData("\"admin\"", "must be an IAM role ARN")]
    public void The_admin_role_must_be_a_role_of_the_account(string value, string expected)
    {
        Assert.Contains(expected, Invalid(With("adminRoleArn", value)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_admin_role_with_a_path_is_accepted()
    {
        Assert.Equal("arn:aws:iam::123456789012:role/ops/Admin", Parse(With("adminRoleArn", "\"arn:aws:iam::123456789012:role/ops/Admin\"")).AdminRoleArn);
    }

    [Fact]
    public void An_unknown_field_is_refused_listing_the_known_ones()
    {
        var error = Invalid(With("vpcCIDR", "\"10.0.0.0/16\""));

        Assert.Contains("\"vpcCIDR\" is not a known field; the fields are description, account", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("my-env", "lowercase letters and digits beginning with a letter")]
    [InlineData("Dev", "lowercase letters and digits beginning with a letter")]
    [InlineData("1dev", "lowercase letters and digits beginning with a letter")]
    public void An_environment_name_is_checked_against_where_it_ends_up(string name, string expected)
    {
        var error = Invalid(Valid, file: $"env/{name}.json");

        Assert.Equal("name", Assert.Single(error.Errors).Field);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.StartsWith($"env/{name}.json: ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_environment_name_too_long_for_an_iam_role_name_says_which_name_breaks()
    {
        var name = new string('a', 41);

        var error = Invalid(Valid, file: $"env/{name}.json");

        Assert.Contains($"makes the IAM role name \"piksel-{name}-external-dns-hub\" invalid: IAM role names are 1 to 64 characters", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Manual_secrets_are_checked_without_quoting_them()
    {
        var json = With("manualSecrets", """{ "argo-oauth": "no-colon-secretvalue", "slack-alerts": "http://insecure/secretvalue", "other": "x" }""");

        var error = Invalid(json);

        Assert.Equal(["manualSecrets.argo-oauth", "manualSecrets.slack-alerts", "manualSecrets.other"], error.Errors.Select(e => e.Field));
        Assert.Contains("must be client_id:client_secret", error.Message, StringComparison.Ordinal);
        Assert.Contains("must be an https:// webhook URL", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("secretvalue", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_of_an_aws_environment_may_not_hold_manual_secrets()
    {
        var json = """{ "account": "123456789012", "hubAccount": "210987654321", "vpcCidr": "10.9.0.0/16", "provider": "aws", "manualSecrets": { "argo-oauth": "a:b" } }""";

        Assert.Contains("real environments take manual secrets as inputs", Invalid(json).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Inputs_supply_manual_secrets_and_win_over_the_file()
    {
        var json = With("manualSecrets", """{ "argo-oauth": "file:value" }""");

        var settings = Parse(json, inputs: new Dictionary<string, string> { ["argo-oauth"] = "input:value" });

        Assert.Equal("input:value", settings.ManualSecrets["argo-oauth"].Reveal());
        Assert.Equal("input argo-oauth", Assert.Single(Invalid(Valid, inputs: new Dictionary<string, string> { ["argo-oauth"] = "bad" }).Errors).Field);
    }

    [Fact]
    public void Manual_secret_inputs_are_read_from_PIKSEL_SECRET_variables()
    {
        var variables = new Dictionary<string, string> { ["PIKSEL_SECRET_GRAFANA_OAUTH"] = "id:secret" };

        var inputs = ManualSecrets.FromEnvironment(variables.GetValueOrDefault);

        Assert.Equal("id:secret", Assert.Single(inputs).Value);
        Assert.Equal("grafana-oauth", inputs.Keys.Single());
    }

    [Fact]
    public void The_public_datasets_account_is_a_third_account_and_only_where_aws_is_emulated()
    {
        Assert.Equal("publicDatasetsAccount", Assert.Single(Invalid(With("publicDatasetsAccount", "\"123456789012\"")).Errors).Field);
        var aws = """{ "account": "123456789012", "hubAccount": "210987654321", "vpcCidr": "10.9.0.0/16", "provider": "aws", "publicDatasetsAccount": "333333333333" }""";
        Assert.Contains("real environments read AWS's own open-data buckets", Invalid(aws).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Invalid_json_names_the_file_and_position()
    {
        Assert.StartsWith("env/test.json: not valid JSON (line 1", Invalid("{ \"account\": ").Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_environment_file_lists_the_environments_there()
    {
        var error = Assert.Throws<EnvironmentSettingsException>(() => EnvironmentSettingsLoader.Load(RepoPaths.EnvDirectory, "qa"));

        Assert.Contains("no such environment file", error.Message, StringComparison.Ordinal);
        Assert.Contains("dev, local, production, staging", error.Message, StringComparison.Ordinal);
    }
}
