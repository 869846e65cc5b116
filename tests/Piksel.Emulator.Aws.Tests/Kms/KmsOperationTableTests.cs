using Piksel.Emulator.Aws.Hosting;
using Piksel.Emulator.Aws.Hosting.Operations;
using Piksel.Emulator.Aws.Kms;

namespace Piksel.Emulator.Aws.Tests.Kms;

/// <summary>KMS's operation table: every operation authorized before its handler, with the action AWS names for it.</summary>
public sealed class KmsOperationTableTests
{
    [Fact]
    public void Every_operation_is_authorized_before_its_handler_with_AWSs_action()
    {
        using var state = new EmulatorState(new AwsEmulatorOptions());
        var kms = new KmsService(state).Operations;

        Assert.All(kms.All, o => Assert.Equal(AuthorizationMode.BeforeHandler, o.Mode));
        // AWS has no kms:ReEncrypt: the source key's kms:ReEncryptFrom is the declared action.
        Assert.Equal("kms:ReEncryptFrom", Assert.IsType<AwsOperation>(kms.Find("ReEncrypt")).Action);
        Assert.Equal("kms:GenerateDataKeyWithoutPlaintext", Assert.IsType<AwsOperation>(kms.Find("GenerateDataKeyWithoutPlaintext")).Action);
        Assert.Equal(27, kms.All.Count);
    }
}
