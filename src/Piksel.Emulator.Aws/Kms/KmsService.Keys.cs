using System.Globalization;
using System.Text.Json.Nodes;
using Piksel.Emulator.Aws.Hosting;
using Piksel.Emulator.Aws.Policy;
using Piksel.Emulator.Aws.Protocol;

namespace Piksel.Emulator.Aws.Kms;

/// <summary>Key lifecycle: create, describe, list, enable/disable, scheduled deletion, key policy and tags.</summary>
public sealed partial class KmsService
{
    private JsonObject CreateKey(AwsRequestContext context, JsonObject body)
    {
        context.Authorize("kms:CreateKey", "*");
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

        var keyId = Guid.NewGuid().ToString();
        var key = Save(new KmsKeyRecord
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
    }

    private JsonObject DescribeKey(AwsRequestContext context, JsonObject body) =>
        new() { ["KeyMetadata"] = Metadata(Key(context, body, "kms:DescribeKey")) };

    private JsonObject ListKeys(AwsRequestContext context, JsonObject body)
    {
        context.Authorize("kms:ListKeys", "*");
        var limit = body.OptionalLong("Limit");
        CheckLimit(limit);
        var marker = body.OptionalString("Marker");
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
    }

    private JsonObject SetEnabled(AwsRequestContext context, JsonObject body, bool enable)
    {
        var key = Key(context, body, enable ? "kms:EnableKey" : "kms:DisableKey");
        if (key.KeyState == KmsKeyState.PendingDeletion) throw KmsErrors.PendingDeletion(key.Arn);
        Change(key, k => k with { KeyState = enable ? KmsKeyState.Enabled : KmsKeyState.Disabled });
        return [];
    }

    private JsonObject ScheduleKeyDeletion(AwsRequestContext context, JsonObject body)
    {
        var key = Key(context, body, "kms:ScheduleKeyDeletion");
        var days = body.OptionalLong("PendingWindowInDays") ?? 30;
        if (days is < 7 or > 30)
            throw KmsErrors.Constraint(days.ToString(CultureInfo.InvariantCulture), "pendingWindowInDays",
                days < 7 ? "Member must have value greater than or equal to 7" : "Member must have value less than or equal to 30");
        if (key.KeyState == KmsKeyState.PendingDeletion) throw KmsErrors.PendingDeletion(key.Arn);
        if (key.KeyManager == "AWS") throw KmsErrors.InvalidState($"{key.Arn} is an AWS managed key and cannot be scheduled for deletion.");
        var deletion = context.Time.GetUtcNow().AddDays(days);
        Change(key, k => k with { KeyState = KmsKeyState.PendingDeletion, DeletionDate = deletion, PendingWindowInDays = (int)days });
        return new JsonObject
        {
            ["KeyId"] = key.Arn,
            ["DeletionDate"] = JsonProtocol.Epoch(deletion),
            ["KeyState"] = KmsKeyState.PendingDeletion,
            ["PendingWindowInDays"] = days,
        };
    }

    private JsonObject CancelKeyDeletion(AwsRequestContext context, JsonObject body)
    {
        var key = Key(context, body, "kms:CancelKeyDeletion");
        if (key.KeyState != KmsKeyState.PendingDeletion) throw KmsErrors.InvalidState($"{key.Arn} is not pending deletion.");
        // AWS leaves a key whose deletion was cancelled disabled: it must be enabled on purpose.
        Change(key, k => k with { KeyState = KmsKeyState.Disabled, DeletionDate = null, PendingWindowInDays = null });
        return new JsonObject { ["KeyId"] = key.Arn };
    }

    private JsonObject GetKeyPolicy(AwsRequestContext context, JsonObject body)
    {
        var key = Key(context, body, "kms:GetKeyPolicy");
        CheckPolicyName(body);
        return new JsonObject { ["Policy"] = key.Policy, ["PolicyName"] = "default" };
    }

    private JsonObject PutKeyPolicy(AwsRequestContext context, JsonObject body)
    {
        var key = Key(context, body, "kms:PutKeyPolicy");
        CheckPolicyName(body);
        var policy = ValidPolicy(body.RequiredString("Policy"));
        if (key.KeyState == KmsKeyState.PendingDeletion) throw KmsErrors.PendingDeletion(key.Arn);
        Change(key, k => k with { Policy = policy });
        return [];
    }

    private JsonObject ListKeyPolicies(AwsRequestContext context, JsonObject body)
    {
        _ = Key(context, body, "kms:ListKeyPolicies");
        return new JsonObject { ["PolicyNames"] = new JsonArray("default"), ["Truncated"] = false };
    }

    private JsonObject UpdateKeyDescription(AwsRequestContext context, JsonObject body)
    {
        var key = Key(context, body, "kms:UpdateKeyDescription");
        if (key.KeyState == KmsKeyState.PendingDeletion) throw KmsErrors.PendingDeletion(key.Arn);
        Change(key, k => k with { Description = body.RequiredString("Description") });
        return [];
    }

    private JsonObject TagResource(AwsRequestContext context, JsonObject body)
    {
        var key = Key(context, body, "kms:TagResource");
        if (key.KeyState == KmsKeyState.PendingDeletion) throw KmsErrors.PendingDeletion(key.Arn);
        Change(key, k => k with { Tags = ReadTags(body, new Dictionary<string, string>(k.Tags, StringComparer.Ordinal)) });
        return [];
    }

    private JsonObject UntagResource(AwsRequestContext context, JsonObject body)
    {
        var key = Key(context, body, "kms:UntagResource");
        if (key.KeyState == KmsKeyState.PendingDeletion) throw KmsErrors.PendingDeletion(key.Arn);
        var tags = new Dictionary<string, string>(key.Tags, StringComparer.Ordinal);
        foreach (var name in body["TagKeys"] as JsonArray ?? []) tags.Remove(name?.GetValue<string>() ?? "");
        Change(key, k => k with { Tags = tags });
        return [];
    }

    private JsonObject ListResourceTags(AwsRequestContext context, JsonObject body)
    {
        var key = Key(context, body, "kms:ListResourceTags");
        return new JsonObject
        {
            ["Tags"] = new JsonArray([.. key.Tags.OrderBy(t => t.Key, StringComparer.Ordinal)
                .Select(t => (JsonNode)new JsonObject { ["TagKey"] = t.Key, ["TagValue"] = t.Value })]),
            ["Truncated"] = false,
        };
    }

    private static Dictionary<string, string> ReadTags(JsonObject body, Dictionary<string, string> into)
    {
        var index = 0;
        foreach (var tag in body["Tags"] as JsonArray ?? [])
        {
            index++;
            var tagKey = tag?["TagKey"]?.GetValue<string>() ?? throw KmsErrors.Validation($"1 validation error detected: Value null at 'tags.{index}.member.tagKey' failed to satisfy constraint: Member must not be null");
            var tagValue = tag["TagValue"]?.GetValue<string>() ?? throw KmsErrors.Validation($"1 validation error detected: Value null at 'tags.{index}.member.tagValue' failed to satisfy constraint: Member must not be null");
            if (tagKey.Length is 0 or > 128) throw KmsErrors.Constraint(tagKey, $"tags.{index}.member.tagKey", "Member must have length less than or equal to 128");
            if (tagValue.Length > 256) throw KmsErrors.Constraint(tagValue, $"tags.{index}.member.tagValue", "Member must have length less than or equal to 256");
            if (tagKey.StartsWith("aws:", StringComparison.Ordinal)) throw new AwsServiceException("TagException", "Tags beginning with aws: are reserved");
            into[tagKey] = tagValue;
        }
        return into;
    }

    private static string ValidPolicy(string policy)
    {
        if (policy.Length > 32768) throw KmsErrors.Constraint("...", "policy", "Member must have length less than or equal to 32768");
        try { PolicyDocument.Parse(policy); }
        catch (PolicyParseException e) { throw KmsErrors.MalformedPolicy(e.Message); }
        return policy;
    }

    private static void CheckPolicyName(JsonObject body)
    {
        if ((body.OptionalString("PolicyName") ?? "default") != "default")
            throw new AwsServiceException("NotFoundException", "No such policy exists");
    }
}
