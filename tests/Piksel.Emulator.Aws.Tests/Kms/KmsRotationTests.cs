using Amazon.KeyManagementService;
using Amazon.KeyManagementService.Model;
using Piksel.Emulator.Aws.Tests.Infrastructure;

namespace Piksel.Emulator.Aws.Tests.Kms;

[Collection(EmulatorCollection.Name)]
public sealed class KmsRotationTests(EmulatorFixture fixture)
{
    // Below KMS's minimum of 90 days (the SDK's analyzer refuses the literal, the service must refuse the value).
    private static readonly int TooShortPeriod = 30;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Rotation_is_off_by_default_and_can_be_turned_on_with_a_period_and_off_again()
    {
        using var kms = new AmazonKeyManagementServiceClient(fixture.RootCredentials, fixture.Config<AmazonKeyManagementServiceConfig>());
        var key = (await kms.CreateKeyAsync(new CreateKeyRequest { Description = "rotation" }, Ct)).KeyMetadata;
        Assert.False((await kms.GetKeyRotationStatusAsync(new GetKeyRotationStatusRequest { KeyId = key.KeyId }, Ct)).KeyRotationEnabled);

        await kms.EnableKeyRotationAsync(new EnableKeyRotationRequest { KeyId = key.KeyId, RotationPeriodInDays = 180 }, Ct);
        var on = await kms.GetKeyRotationStatusAsync(new GetKeyRotationStatusRequest { KeyId = key.Arn }, Ct);
        Assert.True(on.KeyRotationEnabled);
        Assert.Equal(180, on.RotationPeriodInDays);
        Assert.NotNull(on.NextRotationDate);

        await kms.DisableKeyRotationAsync(new DisableKeyRotationRequest { KeyId = key.KeyId }, Ct);
        Assert.False((await kms.GetKeyRotationStatusAsync(new GetKeyRotationStatusRequest { KeyId = key.KeyId }, Ct)).KeyRotationEnabled);
    }

    [Fact]
    public async Task Bad_period_and_disabled_key_are_refused()
    {
        using var kms = new AmazonKeyManagementServiceClient(fixture.RootCredentials, fixture.Config<AmazonKeyManagementServiceConfig>());
        var key = (await kms.CreateKeyAsync(new CreateKeyRequest(), Ct)).KeyMetadata;
        var period = await Assert.ThrowsAnyAsync<AmazonKeyManagementServiceException>(() =>
            kms.EnableKeyRotationAsync(new EnableKeyRotationRequest { KeyId = key.KeyId, RotationPeriodInDays = TooShortPeriod }, Ct));
        Assert.Equal("ValidationException", period.ErrorCode);
        await kms.DisableKeyAsync(new DisableKeyRequest { KeyId = key.KeyId }, Ct);
        var disabled = await Assert.ThrowsAsync<DisabledException>(() => kms.EnableKeyRotationAsync(new EnableKeyRotationRequest { KeyId = key.KeyId }, Ct));
        Assert.Equal("DisabledException", disabled.ErrorCode);
    }
}
