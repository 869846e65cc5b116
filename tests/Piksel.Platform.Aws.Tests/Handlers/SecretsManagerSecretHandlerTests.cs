using Piksel.Platform.Aws.Handlers;
using Piksel.Platform.Aws.SecretsManager;
using Piksel.Platform.Aws.Tests.Infrastructure;
using Piksel.Platform.Spec;
using Piksel.Platform.Spec.Aws;

namespace Piksel.Platform.Aws.Tests.Handlers;

[Collection(HandlerCollection.Name)]
public sealed class SecretsManagerSecretHandlerTests(HandlerFixture fixture)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private SecretsManagerClient Secrets() => new(new Http.AwsClientOptions
    {
        ServiceUrl = fixture.Emulator.Endpoint,
        Credentials = new Amazon.Runtime.BasicAWSCredentials("test", "test"),
    });

    [Fact]
    public async Task Generated_secret_follows_its_rules_and_keeps_its_value_across_applies()
    {
        var handler = new SecretsManagerSecretHandler(fixture.Context);
        var environment = HandlerFixture.Unique("env");
        var rules = new SecretGeneration { Length = 40, Punctuation = "-_" };
        var desired = new SecretsManagerSecret
        {
            Name = $"piksel/{HandlerFixture.Unique("gen")}",
            Account = HandlerFixture.Account,
            Description = "generated",
            Generate = rules,
            Tags = HandlerFixture.Tags(environment),
        };

        Assert.Null(await handler.ReadAsync(desired, Ct));
        var outputs = await handler.ApplyAsync(desired, null, Ct);
        Assert.StartsWith("arn:aws:secretsmanager:us-east-1:000000000000:secret:" + desired.Name, outputs["arn"], StringComparison.Ordinal);

        var first = (await Secrets().GetSecretValueAsync(desired.Name, cancellationToken: Ct)).Value.Reveal();
        Assert.True(rules.IsSatisfiedBy(first));

        var read = await handler.ReadAsync(desired, Ct);
        Attributes.Equal(desired, read!.State);

        // Second apply, even with other rules, never regenerates.
        await handler.ApplyAsync(desired with { Generate = rules with { Length = 12 } }, read, Ct);
        await handler.ApplyAsync(desired, null, Ct);
        Assert.Equal(first, (await Secrets().GetSecretValueAsync(desired.Name, cancellationToken: Ct)).Value.Reveal());

        // Drift: description changed behind our back.
        await Secrets().UpdateSecretAsync(new UpdateSecretRequest { SecretId = desired.Name, Description = "tampered" }, Ct);
        var drifted = await handler.ReadAsync(desired, Ct);
        Assert.Equal("tampered", drifted!.State.Description);
        Assert.False(Attributes.AreEqual(desired, drifted.State));
        await handler.ApplyAsync(desired, drifted, Ct);
        Attributes.Equal(desired, (await handler.ReadAsync(desired, Ct))!.State);
        Assert.Equal(first, (await Secrets().GetSecretValueAsync(desired.Name, cancellationToken: Ct)).Value.Reveal());

        Assert.Equal(desired.Id, Assert.Single(await handler.ListManagedAsync(environment, Ct)).State.Id);

        await handler.DeleteAsync(read, Ct);
        Assert.Null(await handler.ReadAsync(desired, Ct));
        await handler.DeleteAsync(read, Ct);
        Assert.Empty(await handler.ListManagedAsync(environment, Ct));
    }

    [Fact]
    public async Task Manual_secret_value_drift_is_seen_and_restored()
    {
        var handler = new SecretsManagerSecretHandler(fixture.Context);
        var desired = new SecretsManagerSecret
        {
            Name = $"piksel/{HandlerFixture.Unique("manual")}",
            Account = HandlerFixture.Account,
            Value = new SensitiveString("s3cret-from-input"),
            ManualInput = "PIKSEL_TEST_INPUT",
            Tags = HandlerFixture.Tags(HandlerFixture.Unique("env")),
        };

        await handler.ApplyAsync(desired, null, Ct);
        var read = await handler.ReadAsync(desired, Ct);
        Attributes.Equal(desired, read!.State);

        await Secrets().PutSecretValueAsync(desired.Name, SecretValue.FromString("changed-by-hand"), cancellationToken: Ct);
        var drifted = await handler.ReadAsync(desired, Ct);
        Assert.False(Attributes.AreEqual(desired, drifted!.State));

        await handler.ApplyAsync(desired, drifted, Ct);
        Assert.Equal("s3cret-from-input", (await Secrets().GetSecretValueAsync(desired.Name, cancellationToken: Ct)).Value.Reveal());
        Attributes.Equal(desired, (await handler.ReadAsync(desired, Ct))!.State);

        // A new input value is written as a new version.
        var changed = desired with { Value = new SensitiveString("rotated") };
        await handler.ApplyAsync(changed, await handler.ReadAsync(changed, Ct), Ct);
        Assert.Equal("rotated", (await Secrets().GetSecretValueAsync(desired.Name, cancellationToken: Ct)).Value.Reveal());

        await handler.DeleteAsync(read, Ct);
        Assert.Null(await handler.ReadAsync(desired, Ct));
    }
}
