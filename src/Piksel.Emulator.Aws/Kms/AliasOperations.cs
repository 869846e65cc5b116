using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Piksel.Emulator.Aws.Hosting;
using Piksel.Emulator.Aws.Hosting.Operations;
using Piksel.Emulator.Aws.Protocol;
using static Piksel.Emulator.Aws.Kms.KmsParameters;

namespace Piksel.Emulator.Aws.Kms;

/// <summary>
/// Aliases: <c>alias/name</c> per account and region, pointing at a key of the same account and region. Each operation
/// is authorized on the alias's ARN; the key it points at (before and after) must allow the same action in its key policy.
/// </summary>
internal sealed partial class AliasOperations(KmsKeys keys) : IOperationGroup
{
    /// <inheritdoc />
    public void Register(OperationTable table) => table
        .Add("CreateAlias", "kms:CreateAlias", CreateAlias)
        .Add("DeleteAlias", "kms:DeleteAlias", DeleteAlias)
        .Add("UpdateAlias", "kms:UpdateAlias", UpdateAlias)
        .Add("ListAliases", "kms:ListAliases", ListAliases);

    [GeneratedRegex("^[a-zA-Z0-9:/_-]+$")]
    private static partial Regex AliasPattern();

    private OperationCall CreateAlias(AwsRequestContext context)
    {
        var body = Body(context);
        var name = ValidAliasName(body.RequiredString("AliasName"));
        var aliasArn = KmsKeys.AliasArn(context.AccountId, context.Region, name);
        return Answer(context, new Access(aliasArn), () =>
        {
            var key = AliasTarget(context, body.RequiredString("TargetKeyId"), "kms:CreateAlias");
            var now = context.Time.GetUtcNow();
            var added = keys.Aliases.TryAdd(KmsKeys.AliasRow(context.AccountId, context.Region, name), new KmsAliasRecord
            {
                AliasName = name,
                Account = context.AccountId,
                Region = context.Region,
                AliasArn = aliasArn,
                TargetKeyId = key.KeyId,
                CreationDate = now,
                LastUpdatedDate = now,
            });
            if (!added) throw new AwsServiceException("AlreadyExistsException", $"An alias with the name {aliasArn} already exists");
            return [];
        });
    }

    private OperationCall UpdateAlias(AwsRequestContext context)
    {
        var body = Body(context);
        var name = ValidAliasName(body.RequiredString("AliasName"));
        return Answer(context, new Access(KmsKeys.AliasArn(context.AccountId, context.Region, name)), () =>
        {
            var current = ExistingAlias(context, name, "kms:UpdateAlias");
            var key = AliasTarget(context, body.RequiredString("TargetKeyId"), "kms:UpdateAlias");
            keys.Aliases.Put(KmsKeys.AliasRow(context.AccountId, context.Region, name),
                current with { TargetKeyId = key.KeyId, LastUpdatedDate = context.Time.GetUtcNow() });
            return [];
        });
    }

    private OperationCall DeleteAlias(AwsRequestContext context)
    {
        var name = ValidAliasName(Body(context).RequiredString("AliasName"));
        return Answer(context, new Access(KmsKeys.AliasArn(context.AccountId, context.Region, name)), () =>
        {
            ExistingAlias(context, name, "kms:DeleteAlias");
            keys.Aliases.Remove(KmsKeys.AliasRow(context.AccountId, context.Region, name));
            return [];
        });
    }

    private OperationCall ListAliases(AwsRequestContext context)
    {
        var body = Body(context);
        return Answer(context, Access.Any, () =>
        {
            var limit = body.OptionalLong("Limit");
            CheckLimit(limit);
            var marker = Marker(body);
            string? keyId = null;
            if (body.OptionalString("KeyId") is { } given)
            {
                var key = keys.Resolve(context, given);
                if (key.Account != context.AccountId) throw KmsErrors.KeyNotFound(key.Arn);
                keyId = key.KeyId;
            }
            var live = keys.KeysOf(context.AccountId, context.Region).Select(k => k.KeyId).ToHashSet(StringComparer.Ordinal);
            var page = keys.Aliases.Values
                .Where(a => a.Account == context.AccountId && a.Region == context.Region && live.Contains(a.TargetKeyId))
                .Where(a => keyId is null || a.TargetKeyId == keyId)
                .OrderBy(a => a.AliasName, StringComparer.Ordinal)
                .Where(a => marker is null || string.CompareOrdinal(a.AliasName, marker) > 0)
                .Take((int)(limit ?? 100) + 1)
                .ToList();
            var truncated = page.Count > (limit ?? 100);
            if (truncated) page.RemoveAt(page.Count - 1);
            var answer = new JsonObject
            {
                ["Aliases"] = new JsonArray([.. page.Select(a => (JsonNode)new JsonObject
                {
                    ["AliasName"] = a.AliasName,
                    ["AliasArn"] = a.AliasArn,
                    ["TargetKeyId"] = a.TargetKeyId,
                    ["CreationDate"] = JsonProtocol.Epoch(a.CreationDate),
                    ["LastUpdatedDate"] = JsonProtocol.Epoch(a.LastUpdatedDate),
                })]),
                ["Truncated"] = truncated,
            };
            if (truncated) answer["NextMarker"] = page[^1].AliasName;
            return answer;
        });
    }

    // alias/aws/ belongs to AWS managed keys: customers can neither create, repoint nor delete those aliases.
    private static string ValidAliasName(string name)
    {
        if (!name.StartsWith("alias/", StringComparison.Ordinal))
            throw KmsErrors.Validation("Alias must start with the prefix \"alias/\". Please see https://docs.aws.amazon.com/kms/latest/developerguide/kms-alias.html");
        if (name.Length > 256) throw KmsErrors.Constraint(name, "aliasName", "Member must have length less than or equal to 256");
        if (!AliasPattern().IsMatch(name)) throw KmsErrors.Constraint(name, "aliasName", "Member must satisfy regular expression pattern: ^[a-zA-Z0-9:/_-]+$");
        if (name == "alias/") throw new AwsServiceException("InvalidAliasNameException", "Alias name must not be empty after the \"alias/\" prefix.");
        if (name.StartsWith("alias/aws/", StringComparison.Ordinal) || name == "alias/aws")
            throw new AwsServiceException("NotAuthorizedException", "Cannot create, update or delete an alias with the reserved prefix 'alias/aws/'.");
        return name;
    }

    /// <summary>The alias as it stands (NotFoundException when missing); the key it points at must allow <paramref name="action"/> too.</summary>
    private KmsAliasRecord ExistingAlias(AwsRequestContext context, string name, string action)
    {
        var alias = keys.Aliases.Find(KmsKeys.AliasRow(context.AccountId, context.Region, name))
            ?? throw KmsErrors.AliasNotFound(KmsKeys.AliasArn(context.AccountId, context.Region, name));
        if (keys.Keys.Find(KmsKeys.KeyRow(context.AccountId, context.Region, alias.TargetKeyId)) is { } key)
            KmsKeys.Authorize(context, key, action);
        return alias;
    }

    /// <summary>The key an alias is to point at: a customer key of the caller's account and region whose key policy allows <paramref name="action"/>.</summary>
    private KmsKeyRecord AliasTarget(AwsRequestContext context, string target, string action)
    {
        if (target.StartsWith("alias/", StringComparison.Ordinal) || target.Contains(":alias/", StringComparison.Ordinal))
            throw KmsErrors.Validation("Aliases must refer to keys. Not aliases");
        var key = keys.Resolve(context, target);
        if (key.Account != context.AccountId || key.Region != context.Region) throw KmsErrors.KeyNotFound(key.Arn);
        KmsKeys.Authorize(context, key, action);
        if (key.KeyManager == "AWS") throw new AwsServiceException("NotAuthorizedException", "An alias cannot point at an AWS managed key.");
        if (key.KeyState == KmsKeyState.PendingDeletion) throw KmsErrors.PendingDeletion(key.Arn);
        return key;
    }
}
