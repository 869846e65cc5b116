using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Amazon.SecurityToken;
using Amazon.SecurityToken.Model;
using Piksel.Platform.Aws.Handlers;
using Piksel.Platform.Aws.Http;
using Piksel.Platform.Aws.SecretsManager;
using Piksel.Platform.Verification;

namespace Piksel.Hosting.Verification;

/// <summary>A probe's call, made with a role's session; whatever it made is removed again with the environment's credentials.</summary>
public sealed partial class PlatformVerifier
{
    /// <summary>How AWS refused a probe's call.</summary>
    private sealed record ProbeError(string Code, string Message)
    {
        public override string ToString() => Code;
    }

    /// <summary>Makes <paramref name="probe"/>'s call with <paramref name="session"/>; null when AWS allowed it.</summary>
    private async Task<ProbeError?> RunProbeAsync(AwsHandlerContext aws, AccessProbe probe, Credentials session, CancellationToken cancellationToken)
    {
        var credentials = new SessionAWSCredentials(session.AccessKeyId, session.SecretAccessKey, session.SessionToken);
        try
        {
            switch (probe)
            {
                case S3PutObjectProbe put:
                {
                    using var s3 = new AmazonS3Client(credentials, Config<AmazonS3Config>());
                    await s3.PutObjectAsync(new PutObjectRequest { BucketName = put.Bucket, Key = put.Key, ContentBody = "piksel verify\n" }, cancellationToken).ConfigureAwait(false);
                    var admin = await SdkClientAsync<AmazonS3Client, AmazonS3Config>(aws, Settings.Account, (c, cfg) => new AmazonS3Client(c, cfg), cancellationToken).ConfigureAwait(false);
                    await admin.DeleteObjectAsync(put.Bucket, put.Key, cancellationToken).ConfigureAwait(false);
                    return null;
                }

                case S3GetObjectProbe get:
                {
                    using var s3 = new AmazonS3Client(credentials, Config<AmazonS3Config>());
                    using var response = await s3.GetObjectAsync(get.Bucket, get.Key, cancellationToken).ConfigureAwait(false);
                    return null;
                }

                case S3ListBucketProbe list:
                {
                    using var s3 = new AmazonS3Client(credentials, Config<AmazonS3Config>());
                    await s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = list.Bucket, MaxKeys = 1 }, cancellationToken).ConfigureAwait(false);
                    return null;
                }

                case SecretReadProbe read:
                {
                    using var secrets = new SecretsManagerClient(AwsHandlerContext.OptionsFor(provider.Aws, credentials, Settings.Region));
                    _ = await secrets.GetSecretValueAsync(read.SecretName, cancellationToken: cancellationToken).ConfigureAwait(false);
                    return null;
                }

                case SecretWriteProbe write:
                {
                    // The probe writes the value the secret already holds, so even a wrongly allowed write loses nothing.
                    var admin = await ClientAsync(aws, Settings.Account, null, o => new SecretsManagerClient(o), cancellationToken).ConfigureAwait(false);
                    var current = await admin.GetSecretValueAsync(write.SecretName, cancellationToken: cancellationToken).ConfigureAwait(false);
                    using var secrets = new SecretsManagerClient(AwsHandlerContext.OptionsFor(provider.Aws, credentials, Settings.Region));
                    _ = await secrets.PutSecretValueAsync(write.SecretName, current.Value, cancellationToken: cancellationToken).ConfigureAwait(false);
                    return null;
                }

                case AssumeRoleProbe assume:
                {
                    using var sts = new AmazonSecurityTokenServiceClient(credentials, Config<AmazonSecurityTokenServiceConfig>());
                    await sts.AssumeRoleAsync(new AssumeRoleRequest { RoleArn = assume.RoleArn, RoleSessionName = "piksel-verify", ExternalId = assume.ExternalId, DurationSeconds = 900 }, cancellationToken).ConfigureAwait(false);
                    return null;
                }

                default:
                    return await RunComputeProbeAsync(aws, probe, credentials, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (AmazonServiceException e)
        {
            return new ProbeError(e.ErrorCode ?? e.StatusCode.ToString(), e.Message);
        }
        catch (AwsApiException e)
        {
            return new ProbeError(e.ErrorCode, e.ErrorMessage);
        }
    }
}
