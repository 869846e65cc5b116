using Piksel.Emulator.Aws.Hosting;
using Piksel.Emulator.Aws.Kms;
using Piksel.Emulator.Aws.Protocol;

namespace Piksel.Emulator.Aws.Ec2;

/// <summary>The KMS keys EBS encrypts volumes with: a key id, ARN or alias must name an enabled key of the emulator's KMS.</summary>
internal sealed class VolumeKeys(KmsKeys kms)
{
    /// <summary>The ARN of the enabled key <paramref name="keyId"/> names (EC2 records volumes' keys by ARN); else EC2's error.</summary>
    public string Require(AwsRequestContext context, string keyId)
    {
        KmsKeyRecord? key;
        try
        {
            key = kms.Resolve(context, keyId);
        }
        catch (AwsServiceException)
        {
            key = null;
        }
        return key is { KeyState: KmsKeyState.Enabled } ? key.Arn
            : throw Ec2Errors.InvalidParameterValue($"Invalid KMS key: the key '{keyId}' does not exist or is not enabled.");
    }
}
