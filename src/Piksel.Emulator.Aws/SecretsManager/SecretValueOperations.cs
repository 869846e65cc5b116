using System.Text;
using System.Text.Json.Nodes;
using Piksel.Emulator.Aws.Hosting;
using Piksel.Emulator.Aws.Hosting.Operations;
using Piksel.Emulator.Aws.Protocol;
using static Piksel.Emulator.Aws.SecretsManager.SecretsManagerParameters;

namespace Piksel.Emulator.Aws.SecretsManager;

/// <summary>
/// Secret values and their versions: read, put, update, move staging labels, list versions. Reading and writing a value
/// also needs the caller's own KMS rights on the secret's key, checked by KMS while the operation runs.
/// </summary>
internal sealed class SecretValueOperations(SecretsStore store, SecretEncryption encryption) : IOperationGroup
{
    /// <inheritdoc />
    public void Register(OperationTable table) => table
        .Add("GetSecretValue", "secretsmanager:GetSecretValue", GetSecretValue)
        .Add("PutSecretValue", "secretsmanager:PutSecretValue", PutSecretValue)
        .Add("UpdateSecret", "secretsmanager:UpdateSecret", UpdateSecret)
        .Add("UpdateSecretVersionStage", "secretsmanager:UpdateSecretVersionStage", UpdateSecretVersionStage)
        .Add("ListSecretVersionIds", "secretsmanager:ListSecretVersionIds", ListSecretVersionIds);

    private OperationCall GetSecretValue(AwsRequestContext context)
    {
        var body = Body(context);
        return store.Target(context, body).Answer(context, secret =>
        {
            var versionId = body.OptionalString("VersionId");
            var stage = body.OptionalString("VersionStage");
            SecretVersionRecord version;
            if (versionId is not null)
            {
                version = secret.Versions.FirstOrDefault(v => v.VersionId == versionId) ?? throw SecretsManagerErrors.VersionNotFound(versionId);
                if (stage is not null && !version.Stages.Contains(stage)) throw SecretsManagerErrors.StageNotFound(stage);
            }
            else
            {
                stage ??= SecretVersions.Current;
                version = secret.Versions.FirstOrDefault(v => v.Stages.Contains(stage)) ?? throw SecretsManagerErrors.StageNotFound(stage);
            }

            var plaintext = encryption.Open(context, secret, version);
            store.Touch(secret, version, context.Time.GetUtcNow());
            var answer = SecretJson.Identity(secret);
            answer["VersionId"] = version.VersionId;
            if (version.Binary) answer["SecretBinary"] = Convert.ToBase64String(plaintext);
            else answer["SecretString"] = Encoding.UTF8.GetString(plaintext);
            answer["VersionStages"] = SecretJson.Strings(version.Stages);
            answer["CreatedDate"] = JsonProtocol.Epoch(version.CreatedDate);
            return answer;
        });
    }

    private OperationCall PutSecretValue(AwsRequestContext context)
    {
        var body = Body(context);
        // Coral reads and checks the whole input before it looks for the secret.
        var given = Value(body);
        var versionId = Token(body) ?? Guid.NewGuid().ToString();
        IReadOnlyList<string> stages = body.OptionalArray("VersionStages") is { } labels ? Labels(labels) : [SecretVersions.Current];
        return store.Target(context, body).Answer(context, secret =>
        {
            var value = given ?? throw SecretsManagerErrors.InvalidRequest("You must provide either SecretString or SecretBinary.");
            if (secret.Versions.FirstOrDefault(v => v.VersionId == versionId) is { } existing)
            {
                if (!encryption.SameValue(secret, existing, value))
                    throw SecretsManagerErrors.Exists("You can't modify an existing version, you can only create a new version.");
                var same = SecretJson.Identity(secret);
                same["VersionId"] = versionId;
                same["VersionStages"] = SecretJson.Strings(existing.Stages);
                return same;
            }

            var now = context.Time.GetUtcNow();
            var version = encryption.Seal(context, secret, versionId, value, stages, now);
            var updated = store.Mutate(secret, current => SecretVersions.Add(current, version, now));
            var answer = SecretJson.Identity(updated);
            answer["VersionId"] = versionId;
            answer["VersionStages"] = SecretJson.Strings(stages);
            return answer;
        });
    }

    private OperationCall UpdateSecret(AwsRequestContext context)
    {
        var body = Body(context);
        return store.Target(context, body).Answer(context, secret =>
        {
            var description = Description(body);
            var kmsKeyId = body.OptionalString("KmsKeyId");
            var value = Value(body);
            var now = context.Time.GetUtcNow();
            if (value is null)
            {
                var updatedMetadata = store.Mutate(secret, current => current with
                {
                    Description = description ?? current.Description,
                    KmsKeyId = kmsKeyId ?? current.KmsKeyId,
                    LastChangedDate = now,
                });
                return SecretJson.Identity(updatedMetadata);
            }

            var versionId = Token(body) ?? Guid.NewGuid().ToString();
            if (secret.Versions.FirstOrDefault(v => v.VersionId == versionId) is { } existing)
            {
                if (!encryption.SameValue(secret, existing, value))
                    throw SecretsManagerErrors.Exists("You can't modify an existing version, you can only create a new version.");
                return SecretJson.Created(secret, versionId);
            }
            // New versions are encrypted under the (possibly new) key; older versions keep the key they were made under.
            var changed = secret with { Description = description ?? secret.Description, KmsKeyId = kmsKeyId ?? secret.KmsKeyId };
            var version = encryption.Seal(context, changed, versionId, value, [SecretVersions.Current], now);
            var updated = store.Mutate(secret, current => SecretVersions.Add(current with
            {
                Description = description ?? current.Description,
                KmsKeyId = kmsKeyId ?? current.KmsKeyId,
            }, version, now));
            return SecretJson.Created(updated, versionId);
        });
    }

    private OperationCall UpdateSecretVersionStage(AwsRequestContext context)
    {
        var body = Body(context);
        return store.Target(context, body).Answer(context, secret =>
        {
            var stage = body.RequiredString("VersionStage");
            var removeFrom = body.OptionalString("RemoveFromVersionId");
            var moveTo = body.OptionalString("MoveToVersionId");
            var now = context.Time.GetUtcNow();
            var updated = store.Mutate(secret, current => SecretVersions.MoveStage(current, stage, removeFrom, moveTo, now));
            return SecretJson.Identity(updated);
        });
    }

    private OperationCall ListSecretVersionIds(AwsRequestContext context)
    {
        var body = Body(context);
        return store.Target(context, body).Answer(context, secret =>
        {
            var maxResults = MaxResults(body);
            var includeDeprecated = body.OptionalBool("IncludeDeprecated") ?? false;
            var versions = secret.Versions.Where(v => includeDeprecated || v.Stages.Count > 0).OrderByDescending(v => v.CreatedDate).ToList();
            var offset = PageOffset(body.OptionalString("NextToken"));
            var page = versions.Skip(offset).Take(maxResults).ToList();
            var answer = SecretJson.Identity(secret);
            answer["Versions"] = new JsonArray([.. page.Select(v =>
            {
                var entry = new JsonObject
                {
                    ["VersionId"] = v.VersionId,
                    ["VersionStages"] = SecretJson.Strings(v.Stages),
                    ["CreatedDate"] = JsonProtocol.Epoch(v.CreatedDate),
                    ["KmsKeyIds"] = SecretJson.Strings([v.KmsKeyArn]),
                };
                if (v.LastAccessedDate is { } accessed) entry["LastAccessedDate"] = JsonProtocol.Epoch(accessed);
                return (JsonNode)entry;
            })]);
            if (offset + page.Count < versions.Count) answer["NextToken"] = PageToken(offset + page.Count);
            return answer;
        }, allowDeleted: true);
    }
}
