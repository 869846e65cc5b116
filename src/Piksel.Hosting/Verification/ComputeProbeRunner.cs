using Amazon.EC2;
using Amazon.EC2.Model;
using Amazon.Runtime;
using Piksel.Platform.Aws.Logs;
using Piksel.Platform.Verification;

namespace Piksel.Hosting.Verification;

/// <summary>
/// The EC2 and CloudWatch Logs calls of probes. A volume or log group a wrongly allowed probe made is removed again at
/// once with the environment's credentials.
/// </summary>
internal sealed class ComputeProbeRunner(VerificationContext context)
{
    /// <summary>Makes <paramref name="probe"/>'s call with <paramref name="credentials"/>; AWS's refusal is thrown.</summary>
    public async Task CallAsync(AccessProbe probe, AWSCredentials credentials, CancellationToken cancellationToken)
    {
        switch (probe)
        {
            case Ec2DescribeProbe describe:
                {
                    using var ec2 = new AmazonEC2Client(credentials, context.SessionConfig<AmazonEC2Config>());
                    await DescribeAsync(ec2, describe.Operation, cancellationToken);
                    return;
                }

            case Ec2CreateVolumeProbe create:
                {
                    using var ec2 = new AmazonEC2Client(credentials, context.SessionConfig<AmazonEC2Config>());
                    var request = new CreateVolumeRequest { AvailabilityZone = $"{context.Settings.Region}a", Size = 1, VolumeType = VolumeType.Gp3 };
                    if (create.Tags.Count > 0)
                        request.TagSpecifications = [new TagSpecification { ResourceType = ResourceType.Volume, Tags = create.Tags.Select(t => new Tag(t.Key, t.Value)).ToList() }];

                    var made = await ec2.CreateVolumeAsync(request, cancellationToken);
                    var admin = await context.AdminSdkClientAsync<AmazonEC2Client, AmazonEC2Config>(context.Settings.Account, (c, cfg) => new AmazonEC2Client(c, cfg), cancellationToken);
                    await admin.DeleteVolumeAsync(new DeleteVolumeRequest { VolumeId = made.Volume.VolumeId }, cancellationToken);
                    return;
                }

            case LogsDescribeProbe:
                {
                    using var logs = new LogsClient(context.SessionOptions(credentials));
                    _ = await logs.DescribeLogGroupsAsync(cancellationToken: cancellationToken);
                    return;
                }

            case LogsCreateGroupProbe create:
                {
                    using var logs = new LogsClient(context.SessionOptions(credentials));
                    await logs.CreateLogGroupAsync(create.LogGroupName, cancellationToken: cancellationToken);
                    var admin = await context.AdminClientAsync(context.Settings.Account, null, o => new LogsClient(o), cancellationToken);
                    await admin.DeleteLogGroupAsync(create.LogGroupName, cancellationToken);
                    return;
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
