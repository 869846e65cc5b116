using System.Text.Json.Nodes;
using Piksel.Emulator.Aws.Hosting;
using Piksel.Emulator.Aws.Protocol;

namespace Piksel.Emulator.Aws.Kms;

/// <summary>
/// KMS (awsJson1.1, <c>X-Amz-Target: TrentService.&lt;Op&gt;</c>): symmetric keys with real AES-256-GCM under
/// per-key material, key policies, aliases, tags and the key lifecycle (disable, scheduled deletion).
/// </summary>
public sealed partial class KmsService(EmulatorState state) : IAwsService
{
    private readonly EmulatorState state = state;
    private readonly KmsKeys keys = new(state);

    /// <inheritdoc />
    public string SigningName => "kms";

    /// <inheritdoc />
    public AwsProtocol Protocol => AwsProtocol.Json11;

    /// <inheritdoc />
    public Task HandleAsync(AwsRequestContext context, CancellationToken cancellationToken)
    {
        var target = context.Http.Request.Headers["X-Amz-Target"].ToString();
        var operation = target.StartsWith("TrentService.", StringComparison.Ordinal) ? target["TrentService.".Length..] : "";
        var body = JsonProtocol.ParseBody(context.Body.Span);
        JsonObject answer = operation switch
        {
            "CreateKey" => CreateKey(context, body),
            "DescribeKey" => DescribeKey(context, body),
            "ListKeys" => ListKeys(context, body),
            "EnableKey" => SetEnabled(context, body, true),
            "DisableKey" => SetEnabled(context, body, false),
            "ScheduleKeyDeletion" => ScheduleKeyDeletion(context, body),
            "CancelKeyDeletion" => CancelKeyDeletion(context, body),
            "GetKeyPolicy" => GetKeyPolicy(context, body),
            "PutKeyPolicy" => PutKeyPolicy(context, body),
            "ListKeyPolicies" => ListKeyPolicies(context, body),
            "UpdateKeyDescription" => UpdateKeyDescription(context, body),
            "TagResource" => TagResource(context, body),
            "UntagResource" => UntagResource(context, body),
            "ListResourceTags" => ListResourceTags(context, body),
            "CreateAlias" => CreateAlias(context, body),
            "DeleteAlias" => DeleteAlias(context, body),
            "UpdateAlias" => UpdateAlias(context, body),
            "ListAliases" => ListAliases(context, body),
            "Encrypt" => Encrypt(context, body),
            "Decrypt" => Decrypt(context, body),
            "ReEncrypt" => ReEncrypt(context, body),
            "GenerateDataKey" => GenerateDataKey(context, body, withPlaintext: true),
            "GenerateDataKeyWithoutPlaintext" => GenerateDataKey(context, body, withPlaintext: false),
            "GenerateRandom" => GenerateRandom(context, body),
            "EnableKeyRotation" => EnableKeyRotation(context, body),
            "DisableKeyRotation" => DisableKeyRotation(context, body),
            "GetKeyRotationStatus" => GetKeyRotationStatus(context, body),
            _ => throw new AwsServiceException("UnknownOperationException", $"Operation {operation} is not supported by the KMS emulator."),
        };
        return JsonProtocol.WriteAsync(context.Http, answer);
    }

    /// <summary>Resolves <c>KeyId</c> and authorizes <paramref name="action"/> on the key.</summary>
    private KmsKeyRecord Key(AwsRequestContext context, JsonObject body, string action, IReadOnlyDictionary<string, string>? encryptionContext = null)
    {
        var key = keys.Resolve(context, body.RequiredString("KeyId"));
        keys.Authorize(context, key, action, encryptionContext);
        return key;
    }

    /// <summary>Applies <paramref name="change"/> to the key as stored now, atomically with other writers of the key.</summary>
    private KmsKeyRecord Change(KmsKeyRecord key, Func<KmsKeyRecord, KmsKeyRecord> change) =>
        keys.Keys.Update(KmsKeys.KeyRow(key.Account, key.Region, key.KeyId), current => change(current ?? key))!;

    private KmsKeyRecord Save(KmsKeyRecord key)
    {
        keys.Keys.Put(KmsKeys.KeyRow(key.Account, key.Region, key.KeyId), key);
        return key;
    }

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

    private static void CheckLimit(long? limit)
    {
        if (limit is < 1 or > 1000)
            throw KmsErrors.Constraint(limit.Value.ToString(System.Globalization.CultureInfo.InvariantCulture), "limit",
                limit < 1 ? "Member must have value greater than or equal to 1" : "Member must have value less than or equal to 1000");
    }
}
