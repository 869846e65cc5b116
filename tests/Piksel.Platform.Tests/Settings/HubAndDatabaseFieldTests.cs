using Piksel.Platform.Settings;
using Piksel.Platform.Tests.Infrastructure;

namespace Piksel.Platform.Tests.Settings;

/// <summary>The fields the real-account providers need: the hub role, its ExternalId and the database engine version.</summary>
public sealed class HubAndDatabaseFieldTests
{
    private const string File = "env/test.json";

    private const string Aws = """
        { "account": "123456789012", "hubAccount": "210987654321", "vpcCidr": "10.9.0.0/16", "provider": "aws", "hubRoleArn": "arn:aws:iam::210987654321:role/piksel-test-deployer" }
        """;

    private const string Embedded = """
        { "account": "123456789012", "hubAccount": "210987654321", "vpcCidr": "10.9.0.0/16" }
        """;

    private static EnvironmentSettings Parse(string json) => EnvironmentSettingsLoader.Parse(File, json, []);

    private static EnvironmentSettingsException Invalid(string json) =>
        Assert.Throws<EnvironmentSettingsException>(() => Parse(json));

    private static string With(string json, string field, string jsonValue) =>
        json.TrimEnd().TrimEnd('}') + $", \"{field}\": {jsonValue} }}";

    [Theory]
    [InlineData("dev")]
    [InlineData("staging")]
    [InlineData("production")]
    public void The_real_environments_name_their_deployer_role_in_the_hub(string name)
    {
        var settings = Fixtures.Load(name);

        Assert.Equal($"arn:aws:iam::686410905891:role/piksel-{name}-deployer", settings.HubRoleArn);
        Assert.Equal($"piksel-{name}", settings.HubExternalId);
        Assert.Equal("16", settings.DatabaseEngineVersion);
    }

    [Fact]
    public void The_local_environment_needs_no_hub_role_and_leaves_the_engine_version_to_the_machine()
    {
        var local = Fixtures.Load("local");

        Assert.Null(local.HubRoleArn);
        Assert.Null(local.HubExternalId);
        Assert.Null(local.DatabaseEngineVersion);
    }

    [Fact]
    public void The_hub_role_is_required_when_the_provider_is_aws()
    {
        var json = """{ "account": "123456789012", "hubAccount": "210987654321", "vpcCidr": "10.9.0.0/16", "provider": "aws" }""";

        var error = Invalid(json);

        Assert.Equal("env/test.json: \"hubRoleArn\" is missing: the aws provider reaches the hub account by assuming this role, arn:aws:iam::<hubAccount>:role/<name>.", error.Message);
    }

    [Fact]
    public void Other_providers_need_no_hub_role()
    {
        Assert.Null(Parse(Embedded).HubRoleArn);
        Assert.Null(Parse(With(Embedded, "provider", "\"localstack\"")).HubRoleArn);
    }

    [Theory]
    [InlineData("arn:aws:iam::123456789012:role/piksel-test-deployer", "the role must be in the hub account 210987654321")]
    [InlineData("arn:aws:iam::210987654321:user/deployer", "must be an IAM role ARN, arn:aws:iam::<hubAccount>:role/<name>")]
    [InlineData("deployer", "must be an IAM role ARN")]
    [InlineData("arn:aws-cn:iam::210987654321:role/deployer", "must be an IAM role ARN, arn:aws:iam::")]
    public void The_hub_role_must_be_a_role_in_the_hub_account(string value, string expected)
    {
        var json = """{ "account": "123456789012", "hubAccount": "210987654321", "vpcCidr": "10.9.0.0/16", "provider": "aws" }""";

        var error = Invalid(With(json, "hubRoleArn", $"\"{value}\""));

        Assert.Equal("hubRoleArn", Assert.Single(error.Errors).Field);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_hub_role_with_a_path_is_accepted()
    {
        var json = """{ "account": "123456789012", "hubAccount": "210987654321", "vpcCidr": "10.9.0.0/16", "provider": "aws", "hubRoleArn": "arn:aws:iam::210987654321:role/ops/deployer" }""";

        Assert.Equal("arn:aws:iam::210987654321:role/ops/deployer", Parse(json).HubRoleArn);
    }

    [Theory]
    [InlineData("piksel-dev")]
    [InlineData("ab")]
    [InlineData("a+b=c,d.e@f:g/h-i_j")]
    public void An_external_id_sts_accepts_is_kept(string value)
    {
        Assert.Equal(value, Parse(With(Aws, "hubExternalId", $"\"{value}\"")).HubExternalId);
    }

    [Fact]
    public void An_external_id_may_be_1224_characters_and_no_more()
    {
        Assert.Equal(1224, Parse(With(Aws, "hubExternalId", $"\"{new string('x', 1224)}\"")).HubExternalId!.Length);
        Assert.Equal("hubExternalId", Assert.Single(Invalid(With(Aws, "hubExternalId", $"\"{new string('x', 1225)}\"")).Errors).Field);
    }

    [Theory]
    [InlineData("z")]
    [InlineData("has space-secretish")]
    [InlineData("semi;colon-secretish")]
    public void A_bad_external_id_is_refused_without_quoting_it(string value)
    {
        var error = Invalid(With(Aws, "hubExternalId", $"\"{value}\""));

        Assert.Contains("\"hubExternalId\" must be 2 to 1224 characters of letters, digits and +=,.@:/-_", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(value, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("15")]
    [InlineData("16")]
    [InlineData("17")]
    public void The_database_engine_version_is_a_major_rds_runs(string value)
    {
        Assert.Equal(value, Parse(With(Aws, "databaseEngineVersion", $"\"{value}\"")).DatabaseEngineVersion);
        Assert.Equal(value, Parse(With(Embedded, "databaseEngineVersion", $"\"{value}\"")).DatabaseEngineVersion);
    }

    [Theory]
    [InlineData("\"14\"", "is \"14\": must be a PostgreSQL major RDS runs: 15, 16 or 17")]
    [InlineData("\"16.4\"", "is \"16.4\": must be a PostgreSQL major RDS runs: 15, 16 or 17")]
    [InlineData("16", "is 16: must be a string")]
    public void Another_database_engine_version_is_refused(string value, string expected)
    {
        var error = Invalid(With(Aws, "databaseEngineVersion", value));

        Assert.Equal("databaseEngineVersion", Assert.Single(error.Errors).Field);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_database_engine_version_defaults_to_16_on_aws_and_to_none_elsewhere()
    {
        Assert.Equal("16", Parse(Aws).DatabaseEngineVersion);
        Assert.Null(Parse(Embedded).DatabaseEngineVersion);
        Assert.Null(Parse(With(Embedded, "provider", "\"localstack\"")).DatabaseEngineVersion);
    }
}
