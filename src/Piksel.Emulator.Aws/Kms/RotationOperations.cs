using System.Globalization;
using System.Text.Json.Nodes;
using Piksel.Emulator.Aws.Hosting;
using Piksel.Emulator.Aws.Hosting.Operations;
using Piksel.Emulator.Aws.Protocol;
using static Piksel.Emulator.Aws.Kms.KmsParameters;

namespace Piksel.Emulator.Aws.Kms;

/// <summary>
/// Automatic key rotation: the settings Terraform's aws_kms_key reads on every refresh. Rotation keeps old material
/// for decryption in AWS; the emulator never rotates material, so ciphertexts stay readable either way.
/// </summary>
internal sealed class RotationOperations(KmsKeys keys) : IOperationGroup
{
    /// <inheritdoc />
    public void Register(OperationTable table) => table
        .Add("EnableKeyRotation", "kms:EnableKeyRotation", EnableKeyRotation)
        .Add("DisableKeyRotation", "kms:DisableKeyRotation", DisableKeyRotation)
        .Add("GetKeyRotationStatus", "kms:GetKeyRotationStatus", GetKeyRotationStatus);

    private OperationCall EnableKeyRotation(AwsRequestContext context)
    {
        var body = Body(context);
        return OnKey(keys, context, body, key =>
        {
            CheckRotatable(key);
            var period = body.OptionalLong("RotationPeriodInDays") ?? key.RotationPeriodInDays;
            if (period is < 90 or > 2560)
            {
                throw KmsErrors.Constraint(period.ToString(CultureInfo.InvariantCulture), "rotationPeriodInDays",
                    period < 90 ? "Member must have value greater than or equal to 90" : "Member must have value less than or equal to 2560");
            }

            var now = context.Time.GetUtcNow();
            keys.Change(key, k => k with { RotationEnabled = true, RotationPeriodInDays = (int)period, RotationEnabledDate = k.RotationEnabled ? k.RotationEnabledDate : now });
            return [];
        });
    }

    private OperationCall DisableKeyRotation(AwsRequestContext context) =>
        OnKey(keys, context, Body(context), key =>
        {
            CheckRotatable(key);
            keys.Change(key, k => k with { RotationEnabled = false, RotationEnabledDate = null });
            return [];
        });

    private OperationCall GetKeyRotationStatus(AwsRequestContext context) =>
        OnKey(keys, context, Body(context), key =>
        {
            if (key.KeyState == KmsKeyState.PendingDeletion) throw KmsErrors.PendingDeletion(key.Arn);
            var enabled = key.RotationEnabled || key.KeyManager == "AWS";
            var answer = new JsonObject { ["KeyId"] = key.Arn, ["KeyRotationEnabled"] = enabled };
            if (enabled)
            {
                answer["RotationPeriodInDays"] = key.RotationPeriodInDays;
                answer["NextRotationDate"] = JsonProtocol.Epoch((key.RotationEnabledDate ?? key.CreationDate).AddDays(key.RotationPeriodInDays));
            }
            return answer;
        });

    private static void CheckRotatable(KmsKeyRecord key)
    {
        if (key.KeyState == KmsKeyState.PendingDeletion) throw KmsErrors.PendingDeletion(key.Arn);
        if (key.KeyState == KmsKeyState.Disabled) throw KmsErrors.Disabled(key.Arn);
        if (key.KeyManager == "AWS") throw new AwsServiceException("UnsupportedOperationException", $"{key.Arn} is an AWS managed key: its rotation cannot be changed.");
    }
}
