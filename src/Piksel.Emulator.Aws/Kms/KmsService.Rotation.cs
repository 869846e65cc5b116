using System.Globalization;
using System.Text.Json.Nodes;
using Piksel.Emulator.Aws.Hosting;
using Piksel.Emulator.Aws.Protocol;

namespace Piksel.Emulator.Aws.Kms;

// Automatic key rotation: the settings Terraform's aws_kms_key reads on every refresh. Rotation keeps old material
// for decryption in AWS; the emulator never rotates material, so ciphertexts stay readable either way.
public sealed partial class KmsService
{
    private JsonObject EnableKeyRotation(AwsRequestContext context, JsonObject body)
    {
        var key = RotatableKey(context, body, "kms:EnableKeyRotation");
        var period = body.OptionalLong("RotationPeriodInDays") ?? key.RotationPeriodInDays;
        if (period is < 90 or > 2560)
            throw KmsErrors.Constraint(period.ToString(CultureInfo.InvariantCulture), "rotationPeriodInDays",
                period < 90 ? "Member must have value greater than or equal to 90" : "Member must have value less than or equal to 2560");
        var now = context.Time.GetUtcNow();
        Change(key, k => k with { RotationEnabled = true, RotationPeriodInDays = (int)period, RotationEnabledDate = k.RotationEnabled ? k.RotationEnabledDate : now });
        return [];
    }

    private JsonObject DisableKeyRotation(AwsRequestContext context, JsonObject body)
    {
        var key = RotatableKey(context, body, "kms:DisableKeyRotation");
        Change(key, k => k with { RotationEnabled = false, RotationEnabledDate = null });
        return [];
    }

    private JsonObject GetKeyRotationStatus(AwsRequestContext context, JsonObject body)
    {
        var key = Key(context, body, "kms:GetKeyRotationStatus");
        if (key.KeyState == KmsKeyState.PendingDeletion) throw KmsErrors.PendingDeletion(key.Arn);
        var enabled = key.RotationEnabled || key.KeyManager == "AWS";
        var answer = new JsonObject { ["KeyId"] = key.Arn, ["KeyRotationEnabled"] = enabled };
        if (enabled)
        {
            answer["RotationPeriodInDays"] = key.RotationPeriodInDays;
            answer["NextRotationDate"] = JsonProtocol.Epoch((key.RotationEnabledDate ?? key.CreationDate).AddDays(key.RotationPeriodInDays));
        }
        return answer;
    }

    private KmsKeyRecord RotatableKey(AwsRequestContext context, JsonObject body, string action)
    {
        var key = Key(context, body, action);
        if (key.KeyState == KmsKeyState.PendingDeletion) throw KmsErrors.PendingDeletion(key.Arn);
        if (key.KeyState == KmsKeyState.Disabled) throw KmsErrors.Disabled(key.Arn);
        if (key.KeyManager == "AWS") throw new AwsServiceException("UnsupportedOperationException", $"{key.Arn} is an AWS managed key: its rotation cannot be changed.");
        return key;
    }
}
