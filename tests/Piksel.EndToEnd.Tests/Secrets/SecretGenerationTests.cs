using System.Text.Json.Nodes;
using Piksel.EndToEnd.Tests.Infrastructure;
using Piksel.Platform.Aws.SecretsManager;
using Piksel.Platform.Definition;
using Piksel.Platform.Settings;
using Piksel.Platform.Spec;
using Piksel.Platform.Spec.Aws;

namespace Piksel.EndToEnd.Tests.Secrets;

/// <summary>
/// Every secret of the spec, as Secrets Manager holds it after apply: encrypted with the platform key, tagged as the
/// environment's, a generated value that its rules could have produced, a manual value in the form the definition stores.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class SecretGenerationTests(PlatformFixture fixture)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>One case per secret of env/local.json's spec, by name.</summary>
    public static TheoryData<string> SecretNames() =>
        new(PlatformClients.LocalSpec().OfKind<SecretsManagerSecret>().Select(s => s.Name));

    [PlatformTheory]
    [MemberData(nameof(SecretNames))]
    public async Task The_secret_exists_encrypted_with_the_platform_key_and_tagged(string name)
    {
        var defined = fixture.Spec.Get<SecretsManagerSecret>(name);
        var key = fixture.Spec.OfKind<KmsKey>().Single();
        using var secrets = await fixture.Provider.SecretsManagerAsync(defined.Account, Ct);

        var description = await secrets.DescribeSecretAsync(name, Ct);

        Assert.Equal(name, description.Name);
        Assert.Null(description.DeletedDate);
        Assert.Equal(fixture.ArnOf(defined), description.Arn);
        Assert.Equal(fixture.ArnOf(key), description.KmsKeyId);
        Assert.Equal(defined.Description, description.Description);
        var tags = description.Tags.ToDictionary(t => t.Key, t => t.Value, StringComparer.Ordinal);
        foreach (var (tag, value) in PikselTags.For(fixture.Settings.Name))
        {
            Assert.True(tags.TryGetValue(tag, out var actual) && actual == value, $"{name}: tag {tag} is '{actual}', expected '{value}'");
        }
    }

    [PlatformTheory]
    [MemberData(nameof(SecretNames))]
    public async Task The_value_has_the_shape_the_definition_gives_it(string name)
    {
        var defined = fixture.Spec.Get<SecretsManagerSecret>(name);
        using var secrets = await fixture.Provider.SecretsManagerAsync(defined.Account, Ct);

        var entry = await secrets.GetSecretValueAsync(name, cancellationToken: Ct);

        Assert.Contains("AWSCURRENT", entry.VersionStages);
        Assert.False(entry.Value.IsBinary, $"{name}: the value is binary, expected a string");
        var value = entry.Value.Reveal();
        if (defined.Generate is { } rules)
        {
            // Never print the value: say what is wrong with it.
            Assert.True(rules.IsSatisfiedBy(value), $"{name}: a value of {value.Length} characters, {Describe(value, rules)}, does not satisfy {rules}");
        }
        else
        {
            Assert.True(defined.IsManual, $"{name} is neither generated nor manual");
            Assert.NotNull(defined.Value);
            Assert.True(defined.Value.Reveal() == value, $"{name}: the stored value differs from input {defined.ManualInput}");
            if (ManualSecrets.IsOAuth(name))
            {
                var json = JsonNode.Parse(value)!.AsObject();
                Assert.Equal(["client_id", "client_secret"], json.Select(p => p.Key).Order(StringComparer.Ordinal));
                Assert.All(json, p => Assert.False(string.IsNullOrEmpty(p.Value?.GetValue<string>()), $"{name}: {p.Key} is empty"));
            }
            else
            {
                Assert.StartsWith("https://", value, StringComparison.Ordinal);
            }
        }
    }

    [PlatformFact]
    public async Task Secrets_Manager_holds_exactly_the_spec_secrets_under_the_environment_tags()
    {
        using var secrets = await fixture.Provider.SecretsManagerAsync(fixture.Settings.Account, Ct);
        var tagged = new List<string>();
        await foreach (var secret in secrets.ListAllSecretsAsync(cancellationToken: Ct))
        {
            if (ManagementTags.AreManaged(secret.Tags.ToDictionary(t => t.Key, t => t.Value, StringComparer.Ordinal), fixture.Settings.Name))
            {
                tagged.Add(secret.Name);
            }
        }

        var defined = fixture.Spec.OfKind<SecretsManagerSecret>().Select(s => s.Name).Order(StringComparer.Ordinal).ToList();
        // PLATFORM.md: eight generated secrets and the manual ones.
        Assert.Equal(8 + ManualSecrets.Names.Count, defined.Count);
        Assert.Equal(defined, tagged.Order(StringComparer.Ordinal));
    }

    /// <summary>Which rule a value breaks, without any of its characters.</summary>
    private static string Describe(string value, SecretGeneration rules) =>
        $"{value.Count(c => !rules.Alphabet.Contains(c, StringComparison.Ordinal))} outside the alphabet, "
        + $"{value.Count(char.IsAsciiLetter)} letters, {value.Count(char.IsAsciiDigit)} digits, "
        + $"{value.Count(c => rules.Punctuation.Contains(c, StringComparison.Ordinal))} allowed punctuation";
}
