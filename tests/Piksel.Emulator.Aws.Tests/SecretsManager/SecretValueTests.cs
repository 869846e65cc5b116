using Piksel.Emulator.Aws.Tests.Infrastructure;
using Piksel.Platform.Aws.SecretsManager;

namespace Piksel.Emulator.Aws.Tests.SecretsManager;

/// <summary>Creating, reading and writing values: versions, staging labels, lookups by ARN, idempotent tokens.</summary>
[Collection(EmulatorCollection.Name)]
public sealed class SecretValueTests(EmulatorFixture fixture) : SecretsManagerTestBase(fixture)
{
    [Fact]
    public async Task Create_then_get_by_name_full_ARN_and_partial_ARN()
    {
        using var sm = Client();
        var name = Name("lookup");
        var created = await sm.CreateSecretAsync(new CreateSecretRequest { Name = name, Value = SecretValue.FromString("s3cr3t"), Description = "db" }, Ct);
        Assert.Equal(name, created.Name);
        Assert.Matches($"^arn:aws:secretsmanager:us-east-1:000000000000:secret:{name}-[A-Za-z0-9]{{6}}$", created.Arn);
        Assert.NotNull(created.VersionId);

        var partialArn = created.Arn[..^7];
        foreach (var id in new[] { name, created.Arn, partialArn })
        {
            var value = await sm.GetSecretValueAsync(id, cancellationToken: Ct);
            Assert.Equal("s3cr3t", value.Value.Reveal());
            Assert.Equal(created.Arn, value.Arn);
            Assert.Equal(name, value.Name);
            Assert.Equal(created.VersionId, value.VersionId);
            Assert.Equal(["AWSCURRENT"], value.VersionStages);
            Assert.InRange(value.CreatedDate, DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddMinutes(5));
        }

        var missing = await Error(() => sm.GetSecretValueAsync(name + "-nope", cancellationToken: Ct));
        Assert.Equal("ResourceNotFoundException", missing.ErrorCode);
        Assert.Equal("Secrets Manager can't find the specified secret.", missing.ErrorMessage);
    }

    [Fact]
    public async Task Binary_values_roundtrip()
    {
        using var sm = Client();
        var bytes = new byte[] { 0, 1, 2, 250, 255 };
        var created = await sm.CreateSecretAsync(new CreateSecretRequest { Name = Name("binary"), Value = SecretValue.FromBinary(bytes) }, Ct);
        var value = await sm.GetSecretValueAsync(created.Arn, cancellationToken: Ct);
        Assert.True(value.Value.IsBinary);
        Assert.Equal(bytes, value.Value.RevealBinary());
    }

    [Fact]
    public async Task Staging_labels_move_across_three_puts()
    {
        using var sm = Client();
        var name = Name("staging");
        var v1 = (await sm.CreateSecretAsync(new CreateSecretRequest { Name = name, Value = SecretValue.FromString("one") }, Ct)).VersionId!;
        var v2 = (await sm.PutSecretValueAsync(name, SecretValue.FromString("two"), cancellationToken: Ct)).VersionId;
        var put3 = await sm.PutSecretValueAsync(name, SecretValue.FromString("three"), cancellationToken: Ct);
        var v3 = put3.VersionId;
        Assert.Equal(["AWSCURRENT"], put3.VersionStages);

        Assert.Equal("three", (await sm.GetSecretValueAsync(name, cancellationToken: Ct)).Value.Reveal());
        var previous = await sm.GetSecretValueAsync(name, versionStage: "AWSPREVIOUS", cancellationToken: Ct);
        Assert.Equal("two", previous.Value.Reveal());
        Assert.Equal(v2, previous.VersionId);
        Assert.Equal("one", (await sm.GetSecretValueAsync(name, versionId: v1, cancellationToken: Ct)).Value.Reveal());

        var stages = (await sm.DescribeSecretAsync(name, Ct)).VersionIdsToStages;
        Assert.Equal(["AWSCURRENT"], stages[v3]);
        Assert.Equal(["AWSPREVIOUS"], stages[v2]);
        Assert.False(stages.ContainsKey(v1)); // no labels left: deprecated

        var listed = await sm.ListSecretVersionIdsAsync(name, cancellationToken: Ct);
        Assert.Equal(new HashSet<string> { v3, v2 }, listed.Versions.Select(v => v.VersionId).ToHashSet());
        Assert.Equal(2, listed.Versions.Count);
        var withDeprecated = await sm.ListSecretVersionIdsAsync(name, includeDeprecated: true, cancellationToken: Ct);
        Assert.Equal(3, withDeprecated.Versions.Count);
        Assert.Empty(withDeprecated.Versions.Single(v => v.VersionId == v1).VersionStages);
    }

    [Fact]
    public async Task Custom_labels_and_UpdateSecretVersionStage()
    {
        using var sm = Client();
        var name = Name("labels");
        var v1 = (await sm.CreateSecretAsync(new CreateSecretRequest { Name = name, Value = SecretValue.FromString("one") }, Ct)).VersionId!;
        var pending = await sm.PutSecretValueAsync(name, SecretValue.FromString("two"), versionStages: ["AWSPENDING"], cancellationToken: Ct);
        Assert.Equal(["AWSPENDING"], pending.VersionStages);
        Assert.Equal("one", (await sm.GetSecretValueAsync(name, cancellationToken: Ct)).Value.Reveal());
        Assert.Equal("two", (await sm.GetSecretValueAsync(name, versionStage: "AWSPENDING", cancellationToken: Ct)).Value.Reveal());

        var refused = await Error(() => sm.UpdateSecretVersionStageAsync(name, "AWSCURRENT", moveToVersionId: pending.VersionId, cancellationToken: Ct));
        Assert.Equal("InvalidParameterException", refused.ErrorCode);

        await sm.UpdateSecretVersionStageAsync(name, "AWSCURRENT", removeFromVersionId: v1, moveToVersionId: pending.VersionId, cancellationToken: Ct);
        Assert.Equal("two", (await sm.GetSecretValueAsync(name, cancellationToken: Ct)).Value.Reveal());
        var stages = (await sm.DescribeSecretAsync(name, Ct)).VersionIdsToStages;
        Assert.Equal(["AWSPENDING", "AWSCURRENT"], stages[pending.VersionId]);
        Assert.Equal(["AWSPREVIOUS"], stages[v1]);

        await sm.UpdateSecretVersionStageAsync(name, "AWSPENDING", removeFromVersionId: pending.VersionId, cancellationToken: Ct);
        Assert.Equal("ResourceNotFoundException", (await Error(() => sm.GetSecretValueAsync(name, versionStage: "AWSPENDING", cancellationToken: Ct))).ErrorCode);
        Assert.Equal("InvalidParameterException", (await Error(() => sm.UpdateSecretVersionStageAsync(name, "AWSCURRENT", removeFromVersionId: pending.VersionId, cancellationToken: Ct))).ErrorCode);
    }

    [Fact]
    public async Task Client_request_tokens_are_idempotent()
    {
        using var sm = Client();
        var name = Name("token");
        var token = Guid.NewGuid().ToString();
        var first = await sm.CreateSecretAsync(new CreateSecretRequest { Name = name, Value = SecretValue.FromString("v"), ClientRequestToken = token }, Ct);
        Assert.Equal(token, first.VersionId);
        var again = await sm.CreateSecretAsync(new CreateSecretRequest { Name = name, Value = SecretValue.FromString("v"), ClientRequestToken = token }, Ct);
        Assert.Equal(first, again);
        Assert.Equal("ResourceExistsException", (await Error(() => sm.CreateSecretAsync(new CreateSecretRequest { Name = name, Value = SecretValue.FromString("other"), ClientRequestToken = token }, Ct))).ErrorCode);
        Assert.Equal("ResourceExistsException", (await Error(() => sm.CreateSecretAsync(new CreateSecretRequest { Name = name, Value = SecretValue.FromString("v") }, Ct))).ErrorCode);

        var putToken = Guid.NewGuid().ToString();
        var put = await sm.PutSecretValueAsync(name, SecretValue.FromString("w"), putToken, cancellationToken: Ct);
        var putAgain = await sm.PutSecretValueAsync(name, SecretValue.FromString("w"), putToken, cancellationToken: Ct);
        Assert.Equal(put.VersionId, putAgain.VersionId);
        Assert.Equal(2, (await sm.ListSecretVersionIdsAsync(name, cancellationToken: Ct)).Versions.Count);
        Assert.Equal("ResourceExistsException", (await Error(() => sm.PutSecretValueAsync(name, SecretValue.FromString("x"), putToken, cancellationToken: Ct))).ErrorCode);
    }

    [Fact]
    public async Task UpdateSecret_changes_metadata_and_adds_a_version()
    {
        using var sm = Client();
        var name = Name("update");
        var created = await sm.CreateSecretAsync(new CreateSecretRequest { Name = name, Value = SecretValue.FromString("a"), Description = "old" }, Ct);
        var metadataOnly = await sm.UpdateSecretAsync(new UpdateSecretRequest { SecretId = name, Description = "new" }, Ct);
        Assert.Null(metadataOnly.VersionId);
        Assert.Equal("new", (await sm.DescribeSecretAsync(name, Ct)).Description);
        Assert.Equal(created.VersionId, (await sm.GetSecretValueAsync(name, cancellationToken: Ct)).VersionId);

        var withValue = await sm.UpdateSecretAsync(new UpdateSecretRequest { SecretId = created.Arn, Value = SecretValue.FromString("b") }, Ct);
        Assert.NotNull(withValue.VersionId);
        var current = await sm.GetSecretValueAsync(name, cancellationToken: Ct);
        Assert.Equal("b", current.Value.Reveal());
        Assert.Equal(withValue.VersionId, current.VersionId);
        Assert.Equal("a", (await sm.GetSecretValueAsync(name, versionStage: "AWSPREVIOUS", cancellationToken: Ct)).Value.Reveal());
    }

    [Fact]
    public async Task A_secret_without_a_value_has_no_AWSCURRENT()
    {
        using var sm = Client();
        var name = Name("empty");
        var created = await sm.CreateSecretAsync(new CreateSecretRequest { Name = name }, Ct);
        Assert.Null(created.VersionId);
        var error = await Error(() => sm.GetSecretValueAsync(name, cancellationToken: Ct));
        Assert.Equal("ResourceNotFoundException", error.ErrorCode);
        Assert.Contains("AWSCURRENT", error.ErrorMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("has space")]
    [InlineData("bad!char")]
    [InlineData("")]
    public async Task Invalid_names_are_refused(string name)
    {
        using var sm = Client();
        var error = await Error(() => sm.CreateSecretAsync(new CreateSecretRequest { Name = name, Value = SecretValue.FromString("x") }, Ct));
        Assert.Contains(error.ErrorCode, new[] { "InvalidParameterException", "ValidationException" });
    }

    [Fact]
    public void SecretValue_never_prints_its_content()
    {
        var value = SecretValue.FromString("hunter2");
        var entry = new SecretValueEntry("arn", "name", "v", value, ["AWSCURRENT"], DateTimeOffset.UnixEpoch);
        Assert.DoesNotContain("hunter2", value.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", entry.ToString(), StringComparison.Ordinal);
        Assert.Equal(SecretValue.FromString("hunter2"), value);
        Assert.NotEqual(SecretValue.FromString("hunter3"), value);
    }
}
