using Amazon.EC2;
using Amazon.EC2.Model;
using Amazon.Runtime;
using Piksel.Emulator.Aws.Tests.Infrastructure;

namespace Piksel.Emulator.Aws.Tests.Ec2;

/// <summary>EC2 clients against the shared emulator and the volume requests the tests repeat.</summary>
internal static class Ec2TestKit
{
    public const string EbsCsiPolicy = "arn:aws:iam::aws:policy/service-role/AmazonEBSCSIDriverPolicy";
    public const string CniPolicy = "arn:aws:iam::aws:policy/AmazonEKS_CNI_Policy";

    public static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static AmazonEC2Client Client(EmulatorFixture fixture, AWSCredentials? credentials = null, string region = "us-east-1") =>
        new(credentials ?? fixture.RootCredentials, fixture.Config<AmazonEC2Config>(region));

    public static CreateVolumeRequest Volume(int size, params (string Key, string Value)[] tags)
    {
        var request = new CreateVolumeRequest { AvailabilityZone = "us-east-1a", Size = size };
        if (tags.Length > 0)
            request.TagSpecifications = [new TagSpecification { ResourceType = ResourceType.Volume, Tags = [.. tags.Select(t => new Tag(t.Key, t.Value))] }];
        return request;
    }

    public static async Task<AmazonEC2Exception> Fails(Func<Task> call, string code)
    {
        var error = await Assert.ThrowsAsync<AmazonEC2Exception>(call);
        Assert.Equal(code, error.ErrorCode);
        return error;
    }
}
