using System.Net;
using Amazon.Runtime;
using Amazon.SecurityToken;
using Amazon.SecurityToken.Model;

namespace Piksel.Emulator.Aws.Tests.Sts;

/// <summary>Session credentials stop working at their expiry, on the emulator's clock.</summary>
public sealed class SessionExpiryTests
{
    [Fact]
    public async Task Expired_session_key_is_refused_with_ExpiredToken()
    {
        var clock = new ManualTimeProvider(DateTimeOffset.UtcNow);
        // The SDK signs with the real clock; a wide skew lets the emulator's clock run ahead of it.
        await using var emulator = await AwsEmulator.StartAsync(new AwsEmulatorOptions { Port = 0, TimeProvider = clock, AllowedClockSkew = TimeSpan.FromDays(1) },
            cancellationToken: TestContext.Current.CancellationToken);
        var config = new AmazonSecurityTokenServiceConfig { ServiceURL = emulator.Endpoint.ToString(), AuthenticationRegion = "us-east-1", MaxErrorRetry = 0 };
        var role = StsSeed.Role(emulator, "ExpiringRole", StsSeed.TrustAccount());

        using var root = new AmazonSecurityTokenServiceClient(StsSeed.Caller(emulator), config);
        var assumed = await root.AssumeRoleAsync(new AssumeRoleRequest { RoleArn = role.Arn, RoleSessionName = "short", DurationSeconds = 900 },
            TestContext.Current.CancellationToken);
        Assert.Equal(clock.GetUtcNow().AddSeconds(900).ToUnixTimeSeconds(), new DateTimeOffset(assumed.Credentials.Expiration!.Value.ToUniversalTime()).ToUnixTimeSeconds(), 1.0);

        // A client that never refreshes: the SDK would otherwise not send credentials it believes expired.
        using var session = new AmazonSecurityTokenServiceClient(
            new SessionAWSCredentials(assumed.Credentials.AccessKeyId, assumed.Credentials.SecretAccessKey, assumed.Credentials.SessionToken), config);
        clock.Advance(TimeSpan.FromSeconds(899));
        var me = await session.GetCallerIdentityAsync(new GetCallerIdentityRequest(), TestContext.Current.CancellationToken);
        Assert.EndsWith("assumed-role/ExpiringRole/short", me.Arn, StringComparison.Ordinal);

        clock.Advance(TimeSpan.FromSeconds(2));
        var error = await Assert.ThrowsAnyAsync<AmazonSecurityTokenServiceException>(() =>
            session.GetCallerIdentityAsync(new GetCallerIdentityRequest(), TestContext.Current.CancellationToken));
        Assert.Equal("ExpiredToken", error.ErrorCode);
        Assert.Equal(HttpStatusCode.Forbidden, error.StatusCode);
    }

    [Fact]
    public async Task Expired_sessions_answer_ExpiredToken_for_a_day_and_are_then_forgotten()
    {
        var ct = TestContext.Current.CancellationToken;
        var clock = new ManualTimeProvider(DateTimeOffset.UtcNow);
        await using var emulator = await AwsEmulator.StartAsync(new AwsEmulatorOptions { Port = 0, TimeProvider = clock, AllowedClockSkew = TimeSpan.FromDays(3) },
            cancellationToken: ct);
        var config = new AmazonSecurityTokenServiceConfig { ServiceURL = emulator.Endpoint.ToString(), AuthenticationRegion = "us-east-1", MaxErrorRetry = 0 };
        var role = StsSeed.Role(emulator, "PrunedRole", StsSeed.TrustAccount());
        using var root = new AmazonSecurityTokenServiceClient(StsSeed.Caller(emulator), config);
        async Task<Credentials> AssumeAsync(string name) =>
            (await root.AssumeRoleAsync(new AssumeRoleRequest { RoleArn = role.Arn, RoleSessionName = name, DurationSeconds = 900 }, ct)).Credentials;
        async Task<string> ErrorOfAsync(Credentials c)
        {
            using var client = new AmazonSecurityTokenServiceClient(new SessionAWSCredentials(c.AccessKeyId, c.SecretAccessKey, c.SessionToken), config);
            var e = await Assert.ThrowsAnyAsync<AmazonSecurityTokenServiceException>(() => client.GetCallerIdentityAsync(new GetCallerIdentityRequest(), ct));
            return e.ErrorCode;
        }

        var old = await AssumeAsync("old");
        clock.Advance(TimeSpan.FromHours(12));
        await AssumeAsync("half-a-day-later");
        Assert.Equal("ExpiredToken", await ErrorOfAsync(old));
        Assert.True(emulator.State.Credentials.Sessions.TryGet(old.AccessKeyId, out _));

        // A day after its expiry the next session issued sweeps it out: the table does not grow with every session ever issued.
        clock.Advance(TimeSpan.FromHours(13));
        var fresh = await AssumeAsync("a-day-later");
        Assert.False(emulator.State.Credentials.Sessions.TryGet(old.AccessKeyId, out _));
        Assert.True(emulator.State.Credentials.Sessions.TryGet(fresh.AccessKeyId, out _));
        Assert.Equal("InvalidClientTokenId", await ErrorOfAsync(old));
    }
}
