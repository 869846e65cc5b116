using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Piksel.Emulator.Aws.Hosting;
using Piksel.Emulator.Aws.Hosting.Operations;
using Piksel.Emulator.Aws.Protocol;
using static Piksel.Emulator.Aws.SecretsManager.SecretsManagerParameters;

namespace Piksel.Emulator.Aws.SecretsManager;

/// <summary>Secrets as a catalog: create, describe, list, delete (scheduled or forced), restore, and their tags.</summary>
internal sealed partial class SecretCatalogOperations(SecretsStore store, SecretEncryption encryption) : IOperationGroup
{
    /// <inheritdoc />
    public void Register(OperationTable table) => table
        .Add("CreateSecret", "secretsmanager:CreateSecret", CreateSecret)
        .Add("DescribeSecret", "secretsmanager:DescribeSecret", DescribeSecret)
        .Add("ListSecrets", "secretsmanager:ListSecrets", ListSecrets)
        .Add("DeleteSecret", "secretsmanager:DeleteSecret", DeleteSecret)
        .Add("RestoreSecret", "secretsmanager:RestoreSecret", RestoreSecret)
        .Add("TagResource", "secretsmanager:TagResource", TagResource)
        .Add("UntagResource", "secretsmanager:UntagResource", UntagResource);

    [GeneratedRegex(@"^[\w/+=.@-]{1,512}$")]
    private static partial Regex NamePattern();

    private OperationCall CreateSecret(AwsRequestContext context)
    {
        var body = Body(context);
        var name = body.RequiredString("Name");
        if (!NamePattern().IsMatch(name))
            throw SecretsManagerErrors.InvalidParameter("Invalid name. Must be a valid name containing alphanumeric characters, or any of the following: -/_+=.@!");
        var description = Description(body);
        var value = Value(body);
        var token = Token(body);
        var tags = Tags(body, []);
        var row = SecretsStore.Row(context.AccountId, context.Region, name);

        // A name taken is authorized on the secret that has it, so only callers allowed there learn why the create fails.
        if (store.Find(row) is { } existing)
        {
            return Answer(context, SecretsStore.AccessTo(existing), () =>
            {
                if (existing.IsDeleted)
                    throw SecretsManagerErrors.InvalidRequest("You can't create this secret because a secret with this name is already scheduled for deletion.");
                // A retry with the same token and value answers as the first call did (AWS's idempotent create).
                if (token is not null && value is not null && existing.Versions.FirstOrDefault(v => v.VersionId == token) is { } same)
                {
                    return encryption.SameValue(existing, same, value)
                        ? SecretJson.Created(existing, token)
                        : throw SecretsManagerErrors.Exists("You can't modify an existing version, you can only create a new version.");
                }

                throw SecretsManagerErrors.Exists($"The operation failed because the secret {name} already exists.");
            });
        }

        var arn = SecretsStore.NewArn(context, name);
        var requestKeys = new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase) { ["secretsmanager:Name"] = [name] };
        foreach (var tag in tags) requestKeys[$"aws:RequestTag/{tag.Key}"] = [tag.Value];
        if (tags.Count > 0) requestKeys["aws:TagKeys"] = [.. tags.Select(t => t.Key)];
        return Answer(context, new Access(arn) { ContextKeys = requestKeys }, () =>
        {
            var now = context.Time.GetUtcNow();
            var secret = new SecretRecord
            {
                Account = context.AccountId,
                Region = context.Region,
                Name = name,
                Arn = arn,
                Description = description,
                KmsKeyId = body.OptionalString("KmsKeyId"),
                CreatedDate = now,
                LastChangedDate = now,
                Tags = tags,
            };
            string? versionId = null;
            if (value is not null)
            {
                versionId = token ?? Guid.NewGuid().ToString();
                secret = secret with { Versions = [encryption.Seal(context, secret, versionId, value, [SecretVersions.Current], now)] };
            }
            if (!store.Secrets.TryAdd(row, secret)) throw SecretsManagerErrors.Exists($"The operation failed because the secret {name} already exists.");
            return SecretJson.Created(secret, versionId);
        });
    }

    private OperationCall DescribeSecret(AwsRequestContext context) =>
        store.Target(context, Body(context)).Answer(context, secret =>
        {
            var answer = SecretJson.Summary(secret);
            answer["VersionIdsToStages"] = SecretJson.Stages(secret);
            return answer;
        }, allowDeleted: true);

    private OperationCall ListSecrets(AwsRequestContext context)
    {
        var body = Body(context);
        return Answer(context, Access.Any, () =>
        {
            var maxResults = MaxResults(body);
            var filters = SecretFilters.Read(body);
            var includeDeleted = body.OptionalBool("IncludePlannedDeletion") ?? false;
            var ascending = (body.OptionalString("SortOrder") ?? "desc") == "asc";

            var matching = store.SecretsOf(context.AccountId, context.Region)
                .Where(s => includeDeleted || !s.IsDeleted)
                .Where(filters.Match);
            var ordered = (ascending ? matching.OrderBy(s => s.CreatedDate) : matching.OrderByDescending(s => s.CreatedDate))
                .ThenBy(s => s.Name, StringComparer.Ordinal).ToList();

            var offset = PageOffset(body.OptionalString("NextToken"));
            var page = ordered.Skip(offset).Take(maxResults).ToList();
            var answer = new JsonObject
            {
                ["SecretList"] = new JsonArray([.. page.Select(s =>
                {
                    var entry = SecretJson.Summary(s);
                    entry["SecretVersionsToStages"] = SecretJson.Stages(s);
                    return (JsonNode)entry;
                })]),
            };
            if (offset + page.Count < ordered.Count) answer["NextToken"] = PageToken(offset + page.Count);
            return answer;
        });
    }

    private OperationCall DeleteSecret(AwsRequestContext context)
    {
        var body = Body(context);
        var window = body.OptionalLong("RecoveryWindowInDays");
        var force = body.OptionalBool("ForceDeleteWithoutRecovery") ?? false;
        if (force && window is not null)
            throw SecretsManagerErrors.InvalidParameter("You can't use ForceDeleteWithoutRecovery in conjunction with RecoveryWindowInDays.");
        if (window is < 7 or > 30)
            throw SecretsManagerErrors.InvalidParameter("The RecoveryWindowInDays value must be between 7 and 30 days (inclusive).");
        return store.Target(context, body).Answer(context, secret =>
        {
            var now = context.Time.GetUtcNow();
            var answer = SecretJson.Identity(secret);
            if (force)
            {
                store.Secrets.Remove(SecretsStore.Row(secret));
                answer["DeletionDate"] = JsonProtocol.Epoch(now);
                return answer;
            }
            if (secret.IsDeleted)
                throw SecretsManagerErrors.InvalidRequest("You can't perform this operation on the secret because it was already scheduled for deletion.");
            var deletion = now.AddDays(window ?? 30);
            store.Mutate(secret, current => current with { DeletedDate = now, DeletionDate = deletion, LastChangedDate = now });
            answer["DeletionDate"] = JsonProtocol.Epoch(deletion);
            return answer;
        }, allowDeleted: true);
    }

    private OperationCall RestoreSecret(AwsRequestContext context) =>
        store.Target(context, Body(context)).Answer(context, secret =>
        {
            var now = context.Time.GetUtcNow();
            store.Mutate(secret, current => current with { DeletedDate = null, DeletionDate = null, LastChangedDate = now });
            return SecretJson.Identity(secret);
        }, allowDeleted: true);

    private OperationCall TagResource(AwsRequestContext context)
    {
        var body = Body(context);
        // Coral reads and checks the whole input before it looks for the secret.
        _ = Tags(body, []);
        return store.Target(context, body).Answer(context, secret =>
        {
            var now = context.Time.GetUtcNow();
            store.Mutate(secret, current => current with { Tags = Tags(body, current.Tags), LastChangedDate = now });
            return [];
        });
    }

    private OperationCall UntagResource(AwsRequestContext context)
    {
        var body = Body(context);
        var remove = body.StringList("TagKeys").ToHashSet(StringComparer.Ordinal);
        return store.Target(context, body).Answer(context, secret =>
        {
            var now = context.Time.GetUtcNow();
            store.Mutate(secret, current => current with { Tags = [.. current.Tags.Where(t => !remove.Contains(t.Key))], LastChangedDate = now });
            return [];
        });
    }
}
