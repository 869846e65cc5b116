using Amazon.KeyManagementService;
using Amazon.KeyManagementService.Model;
using Piksel.Emulator.Aws.Tests.Infrastructure;
using Piksel.Platform.Aws.Http;
using Piksel.Platform.Aws.SecretsManager;

namespace Piksel.Emulator.Aws.Tests.SecretsManager;

/// <summary>Scheduled deletion, restore, forced deletion, and the recovery window on an injected clock.</summary>
[Collection(EmulatorCollection.Name)]
public sealed class SecretLifecycleTests(EmulatorFixture fixture) : SecretsManagerTestBase(fixture)
{
    [Fact]
    public async Task A_deleted_secret_refuses_reads_until_restored()
    {
        using var sm = Client();
        var name = Name("restore");
        await sm.CreateSecretAsync(new CreateSecretRequest { Name = name, Value = SecretValue.FromString("v") }, Ct);
        var deleted = await sm.DeleteSecretAsync(name, recoveryWindowInDays: 7, cancellationToken: Ct);
        Assert.InRange(deleted.DeletionDate, DateTimeOffset.UtcNow.AddDays(7).AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(7).AddMinutes(5));

        var read = await Error(() => sm.GetSecretValueAsync(name, cancellationToken: Ct));
        Assert.Equal("InvalidRequestException", read.ErrorCode);
        Assert.Equal("You can't perform this operation on the secret because it was marked for deletion.", read.ErrorMessage);
        Assert.Equal("InvalidRequestException", (await Error(() => sm.PutSecretValueAsync(name, SecretValue.FromString("w"), cancellationToken: Ct))).ErrorCode);
        Assert.NotNull((await sm.DescribeSecretAsync(name, Ct)).DeletedDate);

        var recreate = await Error(() => sm.CreateSecretAsync(new CreateSecretRequest { Name = name, Value = SecretValue.FromString("x") }, Ct));
        Assert.Equal("InvalidRequestException", recreate.ErrorCode);
        Assert.Contains("scheduled for deletion", recreate.ErrorMessage, StringComparison.Ordinal);

        await sm.RestoreSecretAsync(name, Ct);
        Assert.Null((await sm.DescribeSecretAsync(name, Ct)).DeletedDate);
        Assert.Equal("v", (await sm.GetSecretValueAsync(name, cancellationToken: Ct)).Value.Reveal());
    }

    [Fact]
    public async Task Force_delete_removes_at_once_and_the_name_is_free_again()
    {
        using var sm = Client();
        var name = Name("force");
        var first = await sm.CreateSecretAsync(new CreateSecretRequest { Name = name, Value = SecretValue.FromString("v") }, Ct);
        await sm.DeleteSecretAsync(name, forceDeleteWithoutRecovery: true, cancellationToken: Ct);
        Assert.Equal("ResourceNotFoundException", (await Error(() => sm.DescribeSecretAsync(name, Ct))).ErrorCode);
        var second = await sm.CreateSecretAsync(new CreateSecretRequest { Name = name, Value = SecretValue.FromString("w") }, Ct);
        Assert.NotEqual(first.Arn, second.Arn);
    }

    [Fact]
    public async Task Delete_parameters_are_validated()
    {
        using var sm = Client();
        var name = Name("validate");
        await sm.CreateSecretAsync(new CreateSecretRequest { Name = name, Value = SecretValue.FromString("v") }, Ct);
        Assert.Equal("InvalidParameterException", (await Error(() => sm.DeleteSecretAsync(name, 7, true, Ct))).ErrorCode);
        Assert.Equal("InvalidParameterException", (await Error(() => sm.DeleteSecretAsync(name, 6, cancellationToken: Ct))).ErrorCode);
        Assert.Equal("InvalidParameterException", (await Error(() => sm.DeleteSecretAsync(name, 31, cancellationToken: Ct))).ErrorCode);
        var defaulted = await sm.DeleteSecretAsync(name, cancellationToken: Ct);
        Assert.InRange(defaulted.DeletionDate, DateTimeOffset.UtcNow.AddDays(30).AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(30).AddMinutes(5));
    }

    [Fact]
    public async Task The_recovery_window_ends_on_the_emulator_clock()
    {
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        // The clock jumps weeks ahead of the signer's wall clock, so skew checks must tolerate it.
        await using var emulator = await AwsEmulator.StartAsync(new AwsEmulatorOptions
        {
            Port = 0,
            TimeProvider = clock,
            AllowedClockSkew = TimeSpan.FromDays(400),
        }, cancellationToken: Ct);
        using var sm = new SecretsManagerClient(new AwsClientOptions { ServiceUrl = emulator.Endpoint, Credentials = Fixture.RootCredentials });
        var name = Name("window");
        await sm.CreateSecretAsync(new CreateSecretRequest { Name = name, Value = SecretValue.FromString("v") }, Ct);
        var deleted = await sm.DeleteSecretAsync(name, recoveryWindowInDays: 7, cancellationToken: Ct);
        Assert.Equal(clock.GetUtcNow().AddDays(7).ToUnixTimeSeconds(), deleted.DeletionDate.ToUnixTimeSeconds());

        clock.Advance(TimeSpan.FromDays(6));
        Assert.NotNull((await sm.DescribeSecretAsync(name, Ct)).DeletedDate);
        var listed = await sm.ListSecretsAsync(new ListSecretsRequest { IncludePlannedDeletion = true }, Ct);
        Assert.Contains(listed.Secrets, s => s.Name == name);
        Assert.DoesNotContain((await sm.ListSecretsAsync(cancellationToken: Ct)).Secrets, s => s.Name == name);

        clock.Advance(TimeSpan.FromDays(1) + TimeSpan.FromSeconds(1));
        Assert.Equal("ResourceNotFoundException", (await Error(() => sm.DescribeSecretAsync(name, Ct))).ErrorCode);
        Assert.Equal("ResourceNotFoundException", (await Error(() => sm.RestoreSecretAsync(name, Ct))).ErrorCode);
        Assert.DoesNotContain((await sm.ListSecretsAsync(new ListSecretsRequest { IncludePlannedDeletion = true }, Ct)).Secrets, s => s.Name == name);
        await sm.CreateSecretAsync(new CreateSecretRequest { Name = name, Value = SecretValue.FromString("again") }, Ct);
        Assert.Equal("again", (await sm.GetSecretValueAsync(name, cancellationToken: Ct)).Value.Reveal());
    }

    [Fact]
    public async Task A_KMS_key_is_destroyed_when_its_waiting_period_ends()
    {
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        await using var emulator = await AwsEmulator.StartAsync(new AwsEmulatorOptions
        {
            Port = 0,
            TimeProvider = clock,
            AllowedClockSkew = TimeSpan.FromDays(400),
        }, cancellationToken: Ct);
        using var kms = new AmazonKeyManagementServiceClient(Fixture.RootCredentials,
            new AmazonKeyManagementServiceConfig { ServiceURL = emulator.Endpoint.ToString(), AuthenticationRegion = "us-east-1", MaxErrorRetry = 0 });
        var key = (await kms.CreateKeyAsync(new CreateKeyRequest(), Ct)).KeyMetadata.KeyId;
        await kms.CreateAliasAsync(new CreateAliasRequest { AliasName = "alias/doomed", TargetKeyId = key }, Ct);
        await kms.ScheduleKeyDeletionAsync(new ScheduleKeyDeletionRequest { KeyId = key, PendingWindowInDays = 7 }, Ct);
        clock.Advance(TimeSpan.FromDays(7) + TimeSpan.FromSeconds(1));
        var error = await Assert.ThrowsAsync<NotFoundException>(() => kms.DescribeKeyAsync(new DescribeKeyRequest { KeyId = key }, Ct));
        Assert.Equal("NotFoundException", error.ErrorCode);
        Assert.Empty((await kms.ListAliasesAsync(new ListAliasesRequest(), Ct)).Aliases?.Where(a => a.AliasName == "alias/doomed") ?? []);
    }

    [Fact]
    public async Task Values_are_stored_encrypted_and_survive_a_restart()
    {
        var directory = Path.Combine(Path.GetTempPath(), $"piksel-sm-{Guid.NewGuid():N}");
        try
        {
            var options = new AwsEmulatorOptions { Port = 0, DataDirectory = directory };
            var name = Name("durable");
            const string marker = "plaintext-marker-7f3a9c";
            await using (var emulator = await AwsEmulator.StartAsync(options, cancellationToken: Ct))
            {
                using var sm = new SecretsManagerClient(new AwsClientOptions { ServiceUrl = emulator.Endpoint, Credentials = Fixture.RootCredentials });
                await sm.CreateSecretAsync(new CreateSecretRequest { Name = name, Value = SecretValue.FromString(marker) }, Ct);
            }
            foreach (var file in Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories))
                Assert.DoesNotContain(marker, await File.ReadAllTextAsync(file, Ct), StringComparison.Ordinal);

            await using (var emulator = await AwsEmulator.StartAsync(options, cancellationToken: Ct))
            {
                using var sm = new SecretsManagerClient(new AwsClientOptions { ServiceUrl = emulator.Endpoint, Credentials = Fixture.RootCredentials });
                Assert.Equal(marker, (await sm.GetSecretValueAsync(name, cancellationToken: Ct)).Value.Reveal());
            }
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
