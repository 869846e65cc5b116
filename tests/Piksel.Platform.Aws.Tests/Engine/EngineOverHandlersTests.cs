using Piksel.Platform.Aws.Handlers;
using Piksel.Platform.Aws.Iam;
using Piksel.Platform.Aws.Tests.Infrastructure;
using Piksel.Platform.Engine;
using Piksel.Platform.Policies;
using Piksel.Platform.Providers;
using Piksel.Platform.Spec;
using Piksel.Platform.Spec.Aws;
using S3Bucket = Piksel.Platform.Spec.Aws.S3Bucket;

namespace Piksel.Platform.Aws.Tests.Engine;

[Collection(HandlerCollection.Name)]
public sealed class EngineOverHandlersTests(HandlerFixture fixture)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static PlatformSpec Spec(string environment)
    {
        var tags = HandlerFixture.Tags(environment);
        var builder = new PlatformSpecBuilder(environment);
        var key = builder.Add(new KmsKey
        {
            Name = $"{environment}-key",
            Account = HandlerFixture.Account,
            Alias = $"alias/{environment}",
            KeyPolicy = new PolicyDocumentBuilder()
                .Allow(s => s.Principal(PolicyPrincipal.Aws("arn:aws:iam::000000000000:root")).Actions("kms:*").Resources("*"))
                .Build(),
            Tags = tags,
        });
        var secret = builder.Add(new SecretsManagerSecret
        {
            Name = $"{environment}/db-password",
            Account = HandlerFixture.Account,
            KmsKeyId = key.Arn.Token,
            Generate = new SecretGeneration { Length = 24 },
            Tags = tags,
        });
        var bucket = builder.Add(new S3Bucket { Name = $"{environment}-data", Account = HandlerFixture.Account, Tags = tags });
        builder.Add(new IamRole
        {
            Name = $"{environment}-app",
            Account = HandlerFixture.Account,
            TrustPolicy = new PolicyDocumentBuilder()
                .Allow(s => s.Principal(PolicyPrincipal.Service("ec2.amazonaws.com")).Actions("sts:AssumeRole"))
                .Build(),
            InlinePolicies = new Dictionary<string, PolicyDocument>
            {
                ["app"] = new PolicyDocumentBuilder()
                    .Allow(s => s.Actions("secretsmanager:GetSecretValue").Resources(secret.Arn.Token))
                    .Allow(s => s.Actions("s3:GetObject").Resources($"{bucket.Arn.Token}/*"))
                    .Build(),
            },
            Tags = tags,
        });
        return builder.Build();
    }

    private TestProvider Provider() => new(fixture, new ResourceHandlerRegistry()
        .Add(new IamRoleHandler(fixture.Context))
        .Add(new SecretsManagerSecretHandler(fixture.Context))
        .Add(new KmsKeyHandler(fixture.Context))
        .Add(new S3BucketHandler(fixture.Context)));

    [Fact]
    public async Task Plan_apply_plan_is_all_NoChange_then_drift_is_seen_restored_and_destroyed()
    {
        var environment = HandlerFixture.Unique("eng");
        var spec = Spec(environment);
        var provider = Provider();
        var engine = new PlatformEngine(new EngineOptions { RetryDelay = TimeSpan.FromMilliseconds(10), RetryJitter = false });

        var first = await engine.PlanAsync(spec, provider, cancellationToken: Ct);
        Assert.Equal(4, first.Count(ChangeKind.Create));

        var applied = await engine.ApplyAsync(first, provider, cancellationToken: Ct);
        Assert.Equal(4, applied.Done.Count);

        var secrets = new SecretsManager.SecretsManagerClient(await fixture.Context.OptionsAsync(HandlerFixture.Account, null, Ct));
        var generated = (await secrets.GetSecretValueAsync($"{environment}/db-password", cancellationToken: Ct)).Value.Reveal();
        Assert.Equal(24, generated.Length);

        var second = await engine.PlanAsync(spec, provider, cancellationToken: Ct);
        Assert.True(second.Changes.All(c => c.Kind == ChangeKind.NoChange), second.Render());
        Assert.Equal(DetailedExitCodes.NoChanges, second.DetailedExitCode);

        // A policy edited behind the engine's back shows as drift on the role alone, and the next apply restores it.
        var iam = new IamClient(await fixture.Context.OptionsAsync(HandlerFixture.Account, null, Ct));
        await iam.PutRolePolicyAsync($"{environment}-app", "app", """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}""", Ct);
        var drift = await engine.PlanAsync(spec, provider, cancellationToken: Ct);
        var roleChange = Assert.Single(drift.Changes, c => c.Kind != ChangeKind.NoChange);
        Assert.Equal(new ResourceId(nameof(IamRole), $"{environment}-app"), roleChange.Id);
        Assert.Equal(ChangeKind.Update, roleChange.Kind);

        await engine.ApplyAsync(drift, provider, cancellationToken: Ct);
        var restored = await engine.PlanAsync(spec, provider, cancellationToken: Ct);
        Assert.False(restored.HasChanges, restored.Render());
        Assert.Equal(generated, (await secrets.GetSecretValueAsync($"{environment}/db-password", cancellationToken: Ct)).Value.Reveal());

        // The plan never holds the generated value.
        Assert.DoesNotContain(generated, restored.Render(), StringComparison.Ordinal);

        await engine.DestroyAsync(spec, provider, cancellationToken: Ct);
        var afterDestroy = await engine.PlanAsync(spec, provider, cancellationToken: Ct);
        Assert.Equal(4, afterDestroy.Count(ChangeKind.Create));
    }
}
