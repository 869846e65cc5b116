using System.Globalization;
using System.Text.Json.Nodes;
using Piksel.Emulator.Aws.Hosting;
using Piksel.Emulator.Aws.Hosting.Operations;
using Piksel.Emulator.Aws.Protocol;
using static Piksel.Emulator.Aws.Kms.KmsParameters;

namespace Piksel.Emulator.Aws.Kms;

/// <summary>Key lifecycle: create, describe, list, enable/disable, scheduled deletion, description and tags.</summary>
internal sealed class KeyOperations(KmsKeys keys) : IOperationGroup
{
    /// <inheritdoc />
    public void Register(OperationTable table) => table
        .Add("CreateKey", "kms:CreateKey", CreateKey)
        .Add("DescribeKey", "kms:DescribeKey", DescribeKey)
        .Add("ListKeys", "kms:ListKeys", ListKeys)
        .Add("EnableKey", "kms:EnableKey", c => SetEnabled(c, true))
        .Add("DisableKey", "kms:DisableKey", c => SetEnabled(c, false))
        .Add("ScheduleKeyDeletion", "kms:ScheduleKeyDeletion", ScheduleKeyDeletion)
        .Add("CancelKeyDeletion", "kms:CancelKeyDeletion", CancelKeyDeletion)
        .Add("UpdateKeyDescription", "kms:UpdateKeyDescription", UpdateKeyDescription)
        .Add("TagResource", "kms:TagResource", TagResource)
        .Add("UntagResource", "kms:UntagResource", UntagResource)
        .Add("ListResourceTags", "kms:ListResourceTags", ListResourceTags);

    // kms:CreateKey has no key to name yet: it is authorized on every resource, before the request is validated.
    private OperationCall CreateKey(AwsRequestContext context)
    {
        var body = Body(context);
        return Answer(context, Access.Any, () =>
        {
            var usage = body.OptionalString("KeyUsage") ?? "ENCRYPT_DECRYPT";
            var spec = body.OptionalString("KeySpec") ?? body.OptionalString("CustomerMasterKeySpec") ?? "SYMMETRIC_DEFAULT";
            if (spec != "SYMMETRIC_DEFAULT")
                throw new AwsServiceException("UnsupportedOperationException", $"KeySpec {spec} is not supported by this emulator; only SYMMETRIC_DEFAULT keys are.");
            if (usage != "ENCRYPT_DECRYPT")
                throw KmsErrors.Validation($"KeyUsage {usage} is not compatible with KeySpec {spec}");
            if ((body.OptionalString("Origin") ?? "AWS_KMS") != "AWS_KMS")
                throw new AwsServiceException("UnsupportedOperationException", "Only Origin AWS_KMS is supported by this emulator.");
            var description = body.OptionalString("Description") ?? "";
            if (description.Length > 8192)
                throw KmsErrors.Constraint(description, "description", "Member must have length less than or equal to 8192");
            var policy = body.OptionalString("Policy") is { } given ? ValidPolicy(given) : KmsKeys.DefaultPolicy(context.AccountId);
            _ = body.OptionalBool("BypassPolicyLockoutSafetyCheck");
            _ = body.OptionalBool("MultiRegion");

            var keyId = Guid.NewGuid().ToString();
            var key = keys.Save(new KmsKeyRecord
            {
                KeyId = keyId,
                Account = context.AccountId,
                Region = context.Region,
                Arn = KmsKeys.KeyArn(context.AccountId, context.Region, keyId),
                Description = description,
                KeyUsage = usage,
                KeySpec = spec,
                CreationDate = context.Time.GetUtcNow(),
                Policy = policy,
                Tags = ReadTags(body, new Dictionary<string, string>(StringComparer.Ordinal)),
                Material = KmsKeys.NewMaterial(),
            });
            return new JsonObject { ["KeyMetadata"] = Metadata(key) };
        });
    }

    private OperationCall DescribeKey(AwsRequestContext context) =>
        OnKey(keys, context, Body(context), key => new JsonObject { ["KeyMetadata"] = Metadata(key) });

    private OperationCall ListKeys(AwsRequestContext context)
    {
        var body = Body(context);
        return Answer(context, Access.Any, () =>
        {
            var limit = body.OptionalLong("Limit");
            CheckLimit(limit);
            var marker = Marker(body);
            var page = keys.KeysOf(context.AccountId, context.Region)
                .OrderBy(k => k.KeyId, StringComparer.Ordinal)
                .Where(k => marker is null || string.CompareOrdinal(k.KeyId, marker) > 0)
                .Take((int)(limit ?? 100) + 1)
                .ToList();
            var truncated = page.Count > (limit ?? 100);
            if (truncated) page.RemoveAt(page.Count - 1);
            var answer = new JsonObject
            {
                ["Keys"] = new JsonArray([.. page.Select(k => (JsonNode)new JsonObject { ["KeyId"] = k.KeyId, ["KeyArn"] = k.Arn })]),
                ["Truncated"] = truncated,
            };
            if (truncated) answer["NextMarker"] = page[^1].KeyId;
            return answer;
        });
    }

    private OperationCall SetEnabled(AwsRequestContext context, bool enable) =>
        OnKey(keys, context, Body(context), key =>
        {
            if (key.KeyState == KmsKeyState.PendingDeletion) throw KmsErrors.PendingDeletion(key.Arn);
            keys.Change(key, k => k with { KeyState = enable ? KmsKeyState.Enabled : KmsKeyState.Disabled });
            return [];
        });

    private OperationCall ScheduleKeyDeletion(AwsRequestContext context)
    {
        var body = Body(context);
        var days = body.OptionalLong("PendingWindowInDays") ?? 30;
        if (days is < 7 or > 30)
        {
            throw KmsErrors.Constraint(days.ToString(CultureInfo.InvariantCulture), "pendingWindowInDays",
                days < 7 ? "Member must have value greater than or equal to 7" : "Member must have value less than or equal to 30");
        }

        return OnKey(keys, context, body, key =>
        {

            if (key.KeyState == KmsKeyState.PendingDeletion) throw KmsErrors.PendingDeletion(key.Arn);
            if (key.KeyManager == "AWS") throw KmsErrors.InvalidState($"{key.Arn} is an AWS managed key and cannot be scheduled for deletion.");
            var deletion = context.Time.GetUtcNow().AddDays(days);
            keys.Change(key, k => k with { KeyState = KmsKeyState.PendingDeletion, DeletionDate = deletion, PendingWindowInDays = (int)days });
            return new JsonObject
            {
                ["KeyId"] = key.Arn,
                ["DeletionDate"] = JsonProtocol.Epoch(deletion),
                ["KeyState"] = KmsKeyState.PendingDeletion,
                ["PendingWindowInDays"] = days,
            };
        });
    }

    private OperationCall CancelKeyDeletion(AwsRequestContext context) =>
        OnKey(keys, context, Body(context), key =>
        {
            if (key.KeyState != KmsKeyState.PendingDeletion) throw KmsErrors.InvalidState($"{key.Arn} is not pending deletion.");
            // AWS leaves a key whose deletion was cancelled disabled: it must be enabled on purpose.
            keys.Change(key, k => k with { KeyState = KmsKeyState.Disabled, DeletionDate = null, PendingWindowInDays = null });
            return new JsonObject { ["KeyId"] = key.Arn };
        });

    private OperationCall UpdateKeyDescription(AwsRequestContext context)
    {
        var body = Body(context);
        return OnKey(keys, context, body, key =>
        {
            if (key.KeyState == KmsKeyState.PendingDeletion) throw KmsErrors.PendingDeletion(key.Arn);
            keys.Change(key, k => k with { Description = body.RequiredString("Description") });
            return [];
        });
    }

    private OperationCall TagResource(AwsRequestContext context)
    {
        var body = Body(context);
        return OnKey(keys, context, body, key =>
        {
            if (key.KeyState == KmsKeyState.PendingDeletion) throw KmsErrors.PendingDeletion(key.Arn);
            keys.Change(key, k => k with { Tags = ReadTags(body, new Dictionary<string, string>(k.Tags, StringComparer.Ordinal)) });
            return [];
        });
    }

    private OperationCall UntagResource(AwsRequestContext context)
    {
        var body = Body(context);
        return OnKey(keys, context, body, key =>
        {
            if (key.KeyState == KmsKeyState.PendingDeletion) throw KmsErrors.PendingDeletion(key.Arn);
            var tags = new Dictionary<string, string>(key.Tags, StringComparer.Ordinal);
            foreach (var name in body.StringList("TagKeys")) tags.Remove(name);
            keys.Change(key, k => k with { Tags = tags });
            return [];
        });
    }

    private OperationCall ListResourceTags(AwsRequestContext context) =>
        OnKey(keys, context, Body(context), key => new JsonObject
        {
            ["Tags"] = new JsonArray([.. key.Tags.OrderBy(t => t.Key, StringComparer.Ordinal)
                .Select(t => (JsonNode)new JsonObject { ["TagKey"] = t.Key, ["TagValue"] = t.Value })]),
            ["Truncated"] = false,
        });

    private static JsonObject Metadata(KmsKeyRecord key)
    {
        var metadata = new JsonObject
        {
            ["AWSAccountId"] = key.Account,
            ["KeyId"] = key.KeyId,
            ["Arn"] = key.Arn,
            ["CreationDate"] = JsonProtocol.Epoch(key.CreationDate),
            ["Enabled"] = key.Enabled,
            ["Description"] = key.Description,
            ["KeyUsage"] = key.KeyUsage,
            ["KeyState"] = key.KeyState,
            ["Origin"] = "AWS_KMS",
            ["KeyManager"] = key.KeyManager,
            ["CustomerMasterKeySpec"] = key.KeySpec,
            ["KeySpec"] = key.KeySpec,
            ["EncryptionAlgorithms"] = new JsonArray("SYMMETRIC_DEFAULT"),
            ["MultiRegion"] = false,
        };
        if (key.DeletionDate is { } deletion) metadata["DeletionDate"] = JsonProtocol.Epoch(deletion);
        if (key.PendingWindowInDays is { } window) metadata["PendingDeletionWindowInDays"] = window;
        return metadata;
    }

    private static Dictionary<string, string> ReadTags(JsonObject body, Dictionary<string, string> into)
    {
        var index = 0;
        foreach (var tag in body.ObjectList("Tags"))
        {
            index++;
            var tagKey = tag.OptionalString("TagKey") ?? throw KmsErrors.Validation($"1 validation error detected: Value null at 'tags.{index}.member.tagKey' failed to satisfy constraint: Member must not be null");
            var tagValue = tag.OptionalString("TagValue") ?? throw KmsErrors.Validation($"1 validation error detected: Value null at 'tags.{index}.member.tagValue' failed to satisfy constraint: Member must not be null");
            if (tagKey.Length is 0 or > 128) throw KmsErrors.Constraint(tagKey, $"tags.{index}.member.tagKey", "Member must have length less than or equal to 128");
            if (tagValue.Length > 256) throw KmsErrors.Constraint(tagValue, $"tags.{index}.member.tagValue", "Member must have length less than or equal to 256");
            if (tagKey.StartsWith("aws:", StringComparison.Ordinal)) throw new AwsServiceException("TagException", "Tags beginning with aws: are reserved");
            into[tagKey] = tagValue;
        }
        return into;
    }
}
