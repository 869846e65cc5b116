using Piksel.Platform.Settings;

namespace Piksel.Platform.Tests.Settings;

/// <summary>
/// Random overrides (seeded, bounded): the loader answers with settings or one <see cref="EnvironmentSettingsException"/>,
/// never anything else; a manual secret's value never appears in the message; an error about an overriding value names it.
/// </summary>
public sealed class SettingsOverridesFuzzTests
{
    private const string Valid = """
        { "account": "123456789012", "hubAccount": "210987654321", "vpcCidr": "10.9.0.0/16", "manualSecrets": { "argo-oauth": "a:b" } }
        """;

    private static readonly string[] Keys =
    [
        "region", "REGION", "availabilityZones", "vpcCidr", "account", "hubAccount", "provider", "kubernetesVersion", "secretRefreshInterval",
        "adminRoleArn", "createAdminRole", "hubRoleArn", "hubExternalId", "databaseEngineVersion", "manualSecrets",
        "manualSecrets:argo-oauth", "MANUALSECRETS:SLACK-ALERTS", "manualSecrets:nope", "manualSecrets:argo-oauth:deeper",
        "region:nested", "unknown", "", ":", "a::b",
    ];

    private static readonly string[] Values =
    [
        "", " ", "2", "-1", "99999999999999999999", "true", "yes", "eu-west-1", "10.0.0.0/16", "aws", "embedded", "1.31", "5m",
        "arn:aws:iam::210987654321:role/x", "\u0000", "💥", "=", "a=b", new string('x', 5000), "https://hooks.example/x",
    ];

    [Fact]
    public void Random_overrides_give_settings_or_one_clear_error()
    {
        var random = new Random(12);
        for (var i = 0; i < 400; i++)
        {
            var variables = new Dictionary<string, string>();
            var set = new List<string>();
            var secrets = new List<string>();
            for (var n = random.Next(1, 4); n > 0; n--)
            {
                var key = Keys[random.Next(Keys.Length)];
                var value = Values[random.Next(Values.Length)];
                if (key.StartsWith("manualSecrets", StringComparison.OrdinalIgnoreCase))
                {
                    // A marker no rule could echo by chance: it must never reach the message.
                    var marker = $"secret{i}x{n}";
                    secrets.Add(marker);
                    value = random.Next(2) == 0 ? marker + ":" + value : value + marker;
                }

                if (random.Next(2) == 0)
                {
                    variables["PIKSEL__" + key.Replace(":", "__", StringComparison.Ordinal)] = value;
                }
                else
                {
                    set.Add(key.Replace(':', '.') + (random.Next(8) == 0 ? "" : "=" + value));
                }
            }

            try
            {
                EnvironmentSettingsLoader.Parse("env/test.json", Valid, [], null, SettingsOverrides.From(variables, set));
            }
            catch (EnvironmentSettingsException e)
            {
                Assert.NotEmpty(e.Errors);
                Assert.All(secrets, marker => Assert.DoesNotContain(marker, e.Message, StringComparison.Ordinal));
            }
        }
    }
}
