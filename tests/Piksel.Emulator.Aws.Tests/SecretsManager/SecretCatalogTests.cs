using Piksel.Emulator.Aws.Tests.Infrastructure;
using Piksel.Platform.Aws.SecretsManager;

namespace Piksel.Emulator.Aws.Tests.SecretsManager;

/// <summary>ListSecrets pagination and filters, DescribeSecret, tags and resource policies.</summary>
[Collection(EmulatorCollection.Name)]
public sealed class SecretCatalogTests(EmulatorFixture fixture) : SecretsManagerTestBase(fixture)
{
    [Fact]
    public async Task ListSecrets_pages_through_every_secret_once()
    {
        using var sm = Client("eu-west-3");
        var prefix = Name("page");
        var names = new List<string>();
        for (var i = 0; i < 7; i++)
        {
            names.Add($"{prefix}/{i}");
            await sm.CreateSecretAsync(new CreateSecretRequest { Name = names[^1], Value = SecretValue.FromString("v") }, Ct);
        }
        var filter = new SecretFilter("name", [prefix]);
        var seen = new List<string>();
        string? token = null;
        var pages = 0;
        do
        {
            var page = await sm.ListSecretsAsync(new ListSecretsRequest { Filters = [filter], MaxResults = 3, NextToken = token }, Ct);
            Assert.True(page.Secrets.Count <= 3);
            seen.AddRange(page.Secrets.Select(s => s.Name));
            token = page.NextToken;
            pages++;
        } while (token is not null);
        Assert.Equal(3, pages);
        Assert.Equal(names.Order(StringComparer.Ordinal), seen.Order(StringComparer.Ordinal));

        var all = new List<string>();
        await foreach (var secret in sm.ListAllSecretsAsync(new ListSecretsRequest { Filters = [filter], MaxResults = 2, SortOrder = "asc" }, Ct)) all.Add(secret.Name);
        Assert.Equal(names, all);
    }

    [Fact]
    public async Task ListSecrets_filters_by_name_description_tags_and_all()
    {
        using var sm = Client("ca-central-1");
        var prefix = Name("filter");
        await sm.CreateSecretAsync(new CreateSecretRequest
        {
            Name = $"{prefix}/app/db",
            Description = "Database password",
            Tags = [new SecretTag("team", "payments"), new SecretTag("env", "prod")],
        }, Ct);
        await sm.CreateSecretAsync(new CreateSecretRequest
        {
            Name = $"{prefix}/app/api",
            Description = "API token",
            Tags = [new SecretTag("team", "search")],
        }, Ct);
        await sm.CreateSecretAsync(new CreateSecretRequest { Name = $"{prefix}/other", Description = "misc" }, Ct);

        async Task<string[]> Names(params SecretFilter[] filters) =>
            [.. (await sm.ListSecretsAsync(new ListSecretsRequest { Filters = [new SecretFilter("name", [prefix]), .. filters] }, Ct))
                .Secrets.Select(s => s.Name[(prefix.Length + 1)..]).Order(StringComparer.Ordinal)];

        Assert.Equal(["app/api", "app/db", "other"], await Names());
        Assert.Equal(["app/api", "app/db"], await Names(new SecretFilter("name", [$"{prefix}/app"])));
        Assert.Empty(await Names(new SecretFilter("name", [$"{prefix}/APP"])));            // name: case-sensitive
        Assert.Equal(["app/db"], await Names(new SecretFilter("description", ["database"]))); // description: not case-sensitive
        Assert.Equal(["app/api", "app/db"], await Names(new SecretFilter("tag-key", ["tea"])));
        Assert.Equal(["app/db"], await Names(new SecretFilter("tag-value", ["pay"])));
        Assert.Equal(["app/api", "other"], await Names(new SecretFilter("tag-value", ["!pay"])));
        Assert.Equal(["app/db"], await Names(new SecretFilter("tag-key", ["env"]), new SecretFilter("description", ["Data"])));
        Assert.Equal(["app/api"], await Names(new SecretFilter("all", ["SEARCH"])));
        Assert.Equal(["app/api", "app/db"], await Names(new SecretFilter("tag-value", ["pay", "sea"])));

        Assert.Equal("ValidationException", (await Error(() => sm.ListSecretsAsync(new ListSecretsRequest { Filters = [new SecretFilter("color", ["x"])] }, Ct))).ErrorCode);
    }

    [Fact]
    public async Task DescribeSecret_reports_dates_tags_and_key()
    {
        using var sm = Client();
        var name = Name("describe");
        var created = await sm.CreateSecretAsync(new CreateSecretRequest
        {
            Name = name,
            Value = SecretValue.FromString("v"),
            Description = "d",
            Tags = [new SecretTag("a", "1")],
        }, Ct);
        await sm.GetSecretValueAsync(name, cancellationToken: Ct);
        var described = await sm.DescribeSecretAsync(created.Arn, Ct);
        Assert.Equal(created.Arn, described.Arn);
        Assert.Equal("d", described.Description);
        Assert.Null(described.KmsKeyId); // the default aws/secretsmanager key is not reported
        Assert.NotNull(described.CreatedDate);
        Assert.NotNull(described.LastChangedDate);
        Assert.Equal(DateTimeOffset.UtcNow.UtcDateTime.Date, described.LastAccessedDate!.Value.UtcDateTime.Date);
        Assert.Null(described.DeletedDate);
        Assert.Equal([new SecretTag("a", "1")], described.Tags);
        Assert.Equal(["AWSCURRENT"], described.VersionIdsToStages[created.VersionId!]);
    }

    [Fact]
    public async Task Tags_are_added_overwritten_and_removed()
    {
        using var sm = Client();
        var name = Name("tags");
        await sm.CreateSecretAsync(new CreateSecretRequest { Name = name, Tags = [new SecretTag("a", "1")] }, Ct);
        await sm.TagResourceAsync(name, [new SecretTag("b", "2"), new SecretTag("a", "3")], Ct);
        Assert.Equal([new SecretTag("a", "3"), new SecretTag("b", "2")], (await sm.DescribeSecretAsync(name, Ct)).Tags);
        await sm.UntagResourceAsync(name, ["a"], Ct);
        Assert.Equal([new SecretTag("b", "2")], (await sm.DescribeSecretAsync(name, Ct)).Tags);
        Assert.Equal("InvalidParameterException", (await Error(() => sm.TagResourceAsync(name, [new SecretTag("aws:reserved", "x")], Ct))).ErrorCode);
    }

    [Fact]
    public async Task Resource_policies_are_stored_validated_and_removed()
    {
        using var sm = Client();
        var name = Name("policy");
        await sm.CreateSecretAsync(new CreateSecretRequest { Name = name, Value = SecretValue.FromString("v") }, Ct);
        Assert.Null((await sm.GetResourcePolicyAsync(name, Ct)).Policy);

        var policy = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111111111111:root"},"Action":"secretsmanager:GetSecretValue","Resource":"*"}]}""";
        await sm.PutResourcePolicyAsync(name, policy, cancellationToken: Ct);
        Assert.Equal(policy, (await sm.GetResourcePolicyAsync(name, Ct)).Policy);

        Assert.True((await sm.ValidateResourcePolicyAsync(policy, name, Ct)).Passed);
        var invalid = await sm.ValidateResourcePolicyAsync("{not json", cancellationToken: Ct);
        Assert.False(invalid.Passed);
        Assert.NotEmpty(invalid.Errors);
        Assert.Equal("MalformedPolicyDocumentException", (await Error(() => sm.PutResourcePolicyAsync(name, "{not json", cancellationToken: Ct))).ErrorCode);

        var everyone = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"secretsmanager:GetSecretValue","Resource":"*"}]}""";
        Assert.Equal("PublicPolicyException", (await Error(() => sm.PutResourcePolicyAsync(name, everyone, blockPublicPolicy: true, Ct))).ErrorCode);

        await sm.DeleteResourcePolicyAsync(name, Ct);
        Assert.Null((await sm.GetResourcePolicyAsync(name, Ct)).Policy);
    }
}
