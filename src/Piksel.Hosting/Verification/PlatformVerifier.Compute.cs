using Amazon.EC2;
using Amazon.EC2.Model;
using Amazon.Runtime;
using Piksel.Platform.Aws.Handlers;
using Piksel.Platform.Aws.Logs;
using Piksel.Platform.Verification;

namespace Piksel.Hosting.Verification;

/// <summary>
/// EC2 and CloudWatch Logs probes. A volume or log group a wrongly allowed probe made is removed again at once with the
/// environment's credentials, so a verification leaves nothing behind either way.
/// </summary>
public sealed partial class PlatformVerifier
{
    private async Task<ProbeError?> RunComputeProbeAsync(AwsHandlerContext aws, AccessProbe probe, AWSCredentials credentials, CancellationToken cancellationToken)
    {
        switch (probe)
        {
            case Ec2DescribeProbe describe:
            {
                using var ec2 = new AmazonEC2Client(credentials, Config<AmazonEC2Config>());
                await DescribeAsync(ec2, describe.Operation, cancellationToken).ConfigureAwait(false);
                return null;
            }

            case Ec2CreateVolumeProbe create:
            {
                using var ec2 = new AmazonEC2Client(credentials, Config<AmazonEC2Config>());
                var request = new CreateVolumeRequest { AvailabilityZone = $"{Settings.Region}a", Size = 1, VolumeType = VolumeType.Gp3 };
                if (create.Tags.Count > 0)
                {
                    request.TagSpecifications = [new TagSpecification { ResourceType = ResourceType.Volume, Tags = create.Tags.Select(t => new Tag(t.Key, t.Value)).ToList() }];
                }

                var made = await ec2.CreateVolumeAsync(request, cancellationToken).ConfigureAwait(false);
                var admin = await SdkClientAsync<AmazonEC2Client, AmazonEC2Config>(aws, Settings.Account, (c, cfg) => new AmazonEC2Client(c, cfg), cancellationToken).ConfigureAwait(false);
                await admin.DeleteVolumeAsync(new DeleteVolumeRequest { VolumeId = made.Volume.VolumeId }, cancellationToken).ConfigureAwait(false);
                return null;
            }

            case LogsDescribeProbe:
            {
                using var logs = new LogsClient(AwsHandlerContext.OptionsFor(provider.Aws, credentials, Settings.Region));
                _ = await logs.DescribeLogGroupsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
                return null;
            }

            case LogsCreateGroupProbe create:
            {
                using var logs = new LogsClient(AwsHandlerContext.OptionsFor(provider.Aws, credentials, Settings.Region));
                await logs.CreateLogGroupAsync(create.LogGroupName, cancellationToken: cancellationToken).ConfigureAwait(false);
                var admin = await ClientAsync(aws, Settings.Account, null, o => new LogsClient(o), cancellationToken).ConfigureAwait(false);
                await admin.DeleteLogGroupAsync(create.LogGroupName, cancellationToken).ConfigureAwait(false);
                return null;
            }

            default:
                throw new NotSupportedException($"No verifier call for the probe {probe.GetType().Name}.");
        }
    }

    private static Task DescribeAsync(AmazonEC2Client ec2, string operation, CancellationToken cancellationToken) => operation switch
    {
        "DescribeVolumes" => ec2.DescribeVolumesAsync(new DescribeVolumesRequest { MaxResults = 5 }, cancellationToken),
        "DescribeSubnets" => ec2.DescribeSubnetsAsync(new DescribeSubnetsRequest(), cancellationToken),
        "DescribeNetworkInterfaces" => ec2.DescribeNetworkInterfacesAsync(new DescribeNetworkInterfacesRequest(), cancellationToken),
        "DescribeInstanceTypes" => ec2.DescribeInstanceTypesAsync(new DescribeInstanceTypesRequest { MaxResults = 5 }, cancellationToken),
        _ => throw new NotSupportedException($"No verifier call for ec2:{operation}."),
    };
}
