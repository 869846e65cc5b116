using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Piksel.Emulator.Aws.Hosting;
using Piksel.Emulator.Aws.Protocol;

namespace Piksel.Emulator.Aws.SecretsManager;

/// <summary>Secret values: create, read, put, update and the staging labels that pick a version.</summary>
public sealed partial class SecretsManagerService
{
    private const int MaxDeprecatedVersions = 100;

    [GeneratedRegex(@"^[\w/+=.@-]{1,512}$")]
    private static partial Regex NamePattern();

    /// <summary>A secret value as given: its bytes and whether it came as SecretBinary.</summary>
    private sealed record Value(byte[] Bytes, bool Binary);

    private JsonObject CreateSecret(AwsRequestContext context, JsonObject body)
    {
        var name = body.RequiredString("Name");
        if (!NamePattern().IsMatch(name))
            throw SecretsManagerErrors.InvalidParameter("Invalid name. Must be a valid name containing alphanumeric characters, or any of the following: -/_+=.@!");
        var description = Description(body);
        var value = ReadValue(body);
        var token = Token(body);
        var tags = ReadTags(body, []);
        var row = Row(context.AccountId, context.Region, name);

        if (Live(secrets.Find(row)) is { } existing)
        {
            Authorize(context, existing, "secretsmanager:CreateSecret");
            if (existing.IsDeleted)
                throw SecretsManagerErrors.InvalidRequest("You can't create this secret because a secret with this name is already scheduled for deletion.");
            // A retry with the same token and value answers as the first call did (AWS's idempotent create).
            if (token is not null && value is not null && existing.Versions.FirstOrDefault(v => v.VersionId == token) is { } same)
                return SameValue(existing, same, value)
                    ? Created(existing, token)
                    : throw SecretsManagerErrors.Exists("You can't modify an existing version, you can only create a new version.");
            throw SecretsManagerErrors.Exists($"The operation failed because the secret {name} already exists.");
        }

        var arn = $"arn:aws:secretsmanager:{context.Region}:{context.AccountId}:secret:{name}-{RandomSuffix()}";
        var requestKeys = new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase) { ["secretsmanager:Name"] = [name] };
        foreach (var tag in tags) requestKeys[$"aws:RequestTag/{tag.Key}"] = [tag.Value];
        if (tags.Count > 0) requestKeys["aws:TagKeys"] = [.. tags.Select(t => t.Key)];
        context.Authorize("secretsmanager:CreateSecret", arn, null, null, requestKeys);

        var now = context.Time.GetUtcNow();
        var secret = new SecretRecord
        {
            Account = context.AccountId, Region = context.Region, Name = name, Arn = arn, Description = description,
            KmsKeyId = body.OptionalString("KmsKeyId"), CreatedDate = now, LastChangedDate = now, Tags = tags,
        };
        string? versionId = null;
        if (value is not null)
        {
            versionId = token ?? Guid.NewGuid().ToString();
            secret = secret with { Versions = [Seal(context, secret, versionId, value, [Current], now)] };
        }
        if (!secrets.TryAdd(row, secret)) throw SecretsManagerErrors.Exists($"The operation failed because the secret {name} already exists.");
        return Created(secret, versionId);
    }

    private static JsonObject Created(SecretRecord secret, string? versionId)
    {
        var answer = Identity(secret);
        if (versionId is not null) answer["VersionId"] = versionId;
        return answer;
    }

    private JsonObject GetSecretValue(AwsRequestContext context, JsonObject body)
    {
        var secret = Secret(context, body, "secretsmanager:GetSecretValue");
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
            stage ??= Current;
            version = secret.Versions.FirstOrDefault(v => v.Stages.Contains(stage)) ?? throw SecretsManagerErrors.StageNotFound(stage);
        }

        var plaintext = Open(context, secret, version);
        Touch(secret, version, context.Time.GetUtcNow());
        var answer = Identity(secret);
        answer["VersionId"] = version.VersionId;
        if (version.Binary) answer["SecretBinary"] = Convert.ToBase64String(plaintext);
        else answer["SecretString"] = Encoding.UTF8.GetString(plaintext);
        answer["VersionStages"] = Strings(version.Stages);
        answer["CreatedDate"] = JsonProtocol.Epoch(version.CreatedDate);
        return answer;
    }

    // AWS records the day of the last read only, so a write happens at most once a day per version.
    private void Touch(SecretRecord secret, SecretVersionRecord version, DateTimeOffset now)
    {
        var day = new DateTimeOffset(now.UtcDateTime.Date, TimeSpan.Zero);
        if (secret.LastAccessedDate == day && version.LastAccessedDate == day) return;
        secrets.Update(Row(secret), current => current is null ? null : current with
        {
            LastAccessedDate = day,
            Versions = [.. current.Versions.Select(v => v.VersionId == version.VersionId ? v with { LastAccessedDate = day } : v)],
        });
    }

    private JsonObject PutSecretValue(AwsRequestContext context, JsonObject body)
    {
        var secret = Secret(context, body, "secretsmanager:PutSecretValue");
        var value = ReadValue(body) ?? throw SecretsManagerErrors.InvalidRequest("You must provide either SecretString or SecretBinary.");
        var versionId = Token(body) ?? Guid.NewGuid().ToString();
        IReadOnlyList<string> stages = body["VersionStages"] is JsonArray given ? Labels(given) : [Current];
        if (secret.Versions.FirstOrDefault(v => v.VersionId == versionId) is { } existing)
        {
            if (!SameValue(secret, existing, value))
                throw SecretsManagerErrors.Exists("You can't modify an existing version, you can only create a new version.");
            var same = Identity(secret);
            same["VersionId"] = versionId;
            same["VersionStages"] = Strings(existing.Stages);
            return same;
        }

        var now = context.Time.GetUtcNow();
        var version = Seal(context, secret, versionId, value, stages, now);
        var updated = Mutate(secret, current => AddVersion(current, version, now));
        var answer = Identity(updated);
        answer["VersionId"] = versionId;
        answer["VersionStages"] = Strings(stages);
        return answer;
    }

    private JsonObject UpdateSecret(AwsRequestContext context, JsonObject body)
    {
        var secret = Secret(context, body, "secretsmanager:UpdateSecret");
        var description = Description(body);
        var kmsKeyId = body.OptionalString("KmsKeyId");
        var value = ReadValue(body);
        var now = context.Time.GetUtcNow();
        var changed = secret with
        {
            Description = description ?? secret.Description,
            KmsKeyId = kmsKeyId ?? secret.KmsKeyId,
        };
        if (value is null)
        {
            var updatedMetadata = Mutate(secret, current => current with
            {
                Description = description ?? current.Description, KmsKeyId = kmsKeyId ?? current.KmsKeyId, LastChangedDate = now,
            });
            return Identity(updatedMetadata);
        }

        var versionId = Token(body) ?? Guid.NewGuid().ToString();
        if (secret.Versions.FirstOrDefault(v => v.VersionId == versionId) is { } existing)
        {
            if (!SameValue(secret, existing, value))
                throw SecretsManagerErrors.Exists("You can't modify an existing version, you can only create a new version.");
            return Created(secret, versionId);
        }
        // New versions are encrypted under the (possibly new) key; older versions keep the key they were made under.
        var version = Seal(context, changed, versionId, value, [Current], now);
        var updated = Mutate(secret, current => AddVersion(current with
        {
            Description = description ?? current.Description, KmsKeyId = kmsKeyId ?? current.KmsKeyId,
        }, version, now));
        return Created(updated, versionId);
    }

    private JsonObject UpdateSecretVersionStage(AwsRequestContext context, JsonObject body)
    {
        var secret = Secret(context, body, "secretsmanager:UpdateSecretVersionStage");
        var stage = body.RequiredString("VersionStage");
        var removeFrom = body.OptionalString("RemoveFromVersionId");
        var moveTo = body.OptionalString("MoveToVersionId");
        var now = context.Time.GetUtcNow();
        var updated = Mutate(secret, current =>
        {
            var holder = current.Versions.FirstOrDefault(v => v.Stages.Contains(stage));
            if (moveTo is not null && current.Versions.All(v => v.VersionId != moveTo)) throw SecretsManagerErrors.VersionNotFound(moveTo);
            if (removeFrom is not null && holder?.VersionId != removeFrom)
                throw SecretsManagerErrors.InvalidParameter($"The staging label {stage} is not attached to version {removeFrom}, so you can't remove it.");
            if (holder is not null && moveTo is not null && holder.VersionId != moveTo && removeFrom != holder.VersionId)
                throw SecretsManagerErrors.InvalidParameter(
                    $"The staging label {stage} is currently attached to version {holder.VersionId}, so you must explicitly reference that version in RemoveFromVersionId.");
            if (moveTo is null && stage == Current)
                throw SecretsManagerErrors.InvalidParameter("You can only move staging label AWSCURRENT to a different secret version. It can't be completely removed.");

            var versions = current.Versions.Select(v => v with
            {
                Stages = v.VersionId == moveTo ? [.. v.Stages.Where(s => s != stage), stage] : [.. v.Stages.Where(s => s != stage)],
            }).ToList();
            // Moving AWSCURRENT makes the version that had it AWSPREVIOUS, as Secrets Manager does on rotation.
            if (stage == Current && holder is not null && holder.VersionId != moveTo)
                versions = [.. versions.Select(v => v with
                {
                    Stages = v.VersionId == holder.VersionId ? [.. v.Stages.Where(s => s != Previous), Previous] : [.. v.Stages.Where(s => s != Previous)],
                })];
            return current with { Versions = Prune(versions), LastChangedDate = now };
        });
        return Identity(updated);
    }

    /// <summary>Adds a version: its labels leave every other version; a new AWSCURRENT turns the old one into AWSPREVIOUS.</summary>
    private static SecretRecord AddVersion(SecretRecord current, SecretVersionRecord version, DateTimeOffset now)
    {
        var labels = version.Stages.ToHashSet(StringComparer.Ordinal);
        var oldCurrent = current.Versions.FirstOrDefault(v => v.Stages.Contains(Current))?.VersionId;
        var versions = current.Versions.Select(v =>
        {
            var stages = v.Stages.Where(s => !labels.Contains(s));
            if (labels.Contains(Current))
                stages = v.VersionId == oldCurrent ? [.. stages.Where(s => s != Previous), Previous] : stages.Where(s => s != Previous);
            return v with { Stages = [.. stages] };
        }).ToList();
        versions.Add(version);
        return current with { Versions = Prune(versions), LastChangedDate = now };
    }

    // Versions without labels are deprecated; AWS keeps a bounded number of them.
    private static List<SecretVersionRecord> Prune(List<SecretVersionRecord> versions)
    {
        var deprecated = versions.Where(v => v.Stages.Count == 0).OrderBy(v => v.CreatedDate).ToList();
        if (deprecated.Count <= MaxDeprecatedVersions) return versions;
        var drop = deprecated.Take(deprecated.Count - MaxDeprecatedVersions).Select(v => v.VersionId).ToHashSet(StringComparer.Ordinal);
        return [.. versions.Where(v => !drop.Contains(v.VersionId))];
    }

    private SecretRecord Mutate(SecretRecord secret, Func<SecretRecord, SecretRecord> change) =>
        secrets.Update(Row(secret), current => current is null ? throw SecretsManagerErrors.NotFound() : change(current))!;
}
