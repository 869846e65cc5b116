using System.Net;
using Amazon.EC2;
using Amazon.EC2.Model;
using Piksel.Emulator.Aws.Tests.Infrastructure;
using static Piksel.Emulator.Aws.Tests.Ec2.Ec2TestKit;

namespace Piksel.Emulator.Aws.Tests.Ec2;

/// <summary>EBS volumes and their tags, as root: create, describe with ids and filters, tag, untag, delete.</summary>
[Collection(EmulatorCollection.Name)]
public sealed class VolumeTests(EmulatorFixture fixture)
{
    [Fact]
    public async Task A_volume_is_created_described_and_deleted()
    {
        using var ec2 = Client(fixture);
        var marker = Guid.NewGuid().ToString("N");
        var created = (await ec2.CreateVolumeAsync(Volume(20, ("test", marker), ("Name", "data")), Ct)).Volume;
        Assert.Matches("^vol-[0-9a-f]{17}$", created.VolumeId);
        Assert.Equal(VolumeType.Gp3, created.VolumeType);
        Assert.Equal(20, created.Size);
        Assert.Equal(3000, created.Iops);
        Assert.Equal(125, created.Throughput);
        Assert.Equal("us-east-1a", created.AvailabilityZone);
        Assert.Equal(VolumeState.Creating, created.State);
        Assert.Equal(marker, created.Tags.Single(t => t.Key == "test").Value);

        var byId = Assert.Single((await ec2.DescribeVolumesAsync(new DescribeVolumesRequest { VolumeIds = [created.VolumeId] }, Ct)).Volumes);
        Assert.Equal(VolumeState.Available, byId.State);
        Assert.Equal(2, byId.Tags.Count);
        Assert.Empty(byId.Attachments ?? []);

        var byTag = (await ec2.DescribeVolumesAsync(new DescribeVolumesRequest { Filters = [new Filter("tag:test", [marker])] }, Ct)).Volumes;
        Assert.Equal(created.VolumeId, Assert.Single(byTag).VolumeId);
        var byFilterId = (await ec2.DescribeVolumesAsync(new DescribeVolumesRequest { Filters = [new Filter("volume-id", [created.VolumeId])] }, Ct)).Volumes;
        Assert.Single(byFilterId);
        var wildcard = (await ec2.DescribeVolumesAsync(new DescribeVolumesRequest { Filters = [new Filter("tag:test", [marker[..8] + "*"]), new Filter("volume-type", ["gp3"])] }, Ct)).Volumes;
        Assert.Single(wildcard);
        Assert.Empty((await ec2.DescribeVolumesAsync(new DescribeVolumesRequest { Filters = [new Filter("tag:test", ["other"])] }, Ct)).Volumes ?? []);

        await ec2.DeleteVolumeAsync(new DeleteVolumeRequest { VolumeId = created.VolumeId }, Ct);
        var gone = await Fails(() => ec2.DescribeVolumesAsync(new DescribeVolumesRequest { VolumeIds = [created.VolumeId] }, Ct), "InvalidVolume.NotFound");
        Assert.Equal($"The volume '{created.VolumeId}' does not exist.", gone.Message);
        Assert.Equal(HttpStatusCode.BadRequest, gone.StatusCode);
        await Fails(() => ec2.DeleteVolumeAsync(new DeleteVolumeRequest { VolumeId = created.VolumeId }, Ct), "InvalidVolume.NotFound");
    }

    [Fact]
    public async Task Invalid_requests_answer_EC2s_codes()
    {
        using var ec2 = Client(fixture);
        await Fails(() => ec2.DescribeVolumesAsync(new DescribeVolumesRequest { VolumeIds = ["not-a-volume"] }, Ct), "InvalidVolumeID.Malformed");
        await Fails(() => ec2.CreateVolumeAsync(new CreateVolumeRequest { AvailabilityZone = "us-east-1z", Size = 1 }, Ct), "InvalidParameterValue");
        await Fails(() => ec2.CreateVolumeAsync(new CreateVolumeRequest { AvailabilityZone = "us-east-1a" }, Ct), "MissingParameter");
        await Fails(() => ec2.CreateVolumeAsync(new CreateVolumeRequest { AvailabilityZone = "us-east-1a", Size = 10, VolumeType = VolumeType.St1 }, Ct), "InvalidParameterValue");
        await Fails(() => ec2.DescribeVolumesAsync(new DescribeVolumesRequest { Filters = [new Filter("no-such-filter", ["x"])] }, Ct), "InvalidParameterValue");
        await Fails(() => ec2.CreateTagsAsync(new CreateTagsRequest { Resources = ["vol-0123456789abcdef0"], Tags = [new Tag("k", "v")] }, Ct), "InvalidVolume.NotFound");
        await Fails(() => ec2.CreateTagsAsync(new CreateTagsRequest { Resources = ["i-0123456789abcdef0"], Tags = [new Tag("k", "v")] }, Ct), "InvalidInstanceID.NotFound");
    }

    [Fact]
    public async Task Tags_are_added_replaced_removed_and_described()
    {
        using var ec2 = Client(fixture);
        var volume = (await ec2.CreateVolumeAsync(Volume(1), Ct)).Volume;
        await ec2.CreateTagsAsync(new CreateTagsRequest { Resources = [volume.VolumeId], Tags = [new Tag("a", "1"), new Tag("b", "2"), new Tag("c", "3")] }, Ct);
        await ec2.CreateTagsAsync(new CreateTagsRequest { Resources = [volume.VolumeId], Tags = [new Tag("a", "one")] }, Ct);
        // b goes by key alone; c stays because the value named does not match.
        await ec2.DeleteTagsAsync(new DeleteTagsRequest { Resources = [volume.VolumeId], Tags = [new Tag { Key = "b" }, new Tag("c", "other")] }, Ct);

        var tags = (await ec2.DescribeTagsAsync(new DescribeTagsRequest { Filters = [new Filter("resource-id", [volume.VolumeId])] }, Ct)).Tags;
        Assert.Equal(["a=one", "c=3"], tags.Select(t => $"{t.Key}={t.Value}"));
        Assert.All(tags, t => Assert.Equal(ResourceType.Volume, t.ResourceType));
        await ec2.DeleteVolumeAsync(new DeleteVolumeRequest { VolumeId = volume.VolumeId }, Ct);
    }

    [Fact]
    public async Task Volumes_page_with_MaxResults_and_NextToken()
    {
        using var ec2 = Client(fixture);
        var marker = Guid.NewGuid().ToString("N");
        var ids = new List<string>();
        for (var i = 0; i < 7; i++) ids.Add((await ec2.CreateVolumeAsync(Volume(1, ("page", marker)), Ct)).Volume.VolumeId);

        var seen = new List<string>();
        string? token = null;
        var pages = 0;
        do
        {
            var page = await ec2.DescribeVolumesAsync(new DescribeVolumesRequest { Filters = [new Filter("tag:page", [marker])], MaxResults = 5, NextToken = token }, Ct);
            seen.AddRange(page.Volumes.Select(v => v.VolumeId));
            token = page.NextToken;
            pages++;
        } while (token is not null);
        Assert.Equal(2, pages);
        Assert.Equal(ids.Order(), seen.Order());
    }

    [Fact]
    public async Task Volumes_belong_to_their_account_and_region()
    {
        using var ec2 = Client(fixture);
        var volume = (await ec2.CreateVolumeAsync(Volume(1), Ct)).Volume;
        using var west = Client(fixture, region: "us-west-2");
        await Fails(() => west.DescribeVolumesAsync(new DescribeVolumesRequest { VolumeIds = [volume.VolumeId] }, Ct), "InvalidVolume.NotFound");
        using var second = Client(fixture, fixture.SecondRootCredentials);
        await Fails(() => second.DeleteVolumeAsync(new DeleteVolumeRequest { VolumeId = volume.VolumeId }, Ct), "InvalidVolume.NotFound");
    }

    [Fact]
    public async Task Volumes_survive_a_restart()
    {
        var dir = Path.Combine(Path.GetTempPath(), "piksel-ec2-" + Guid.NewGuid().ToString("N"));
        try
        {
            var options = new AwsEmulatorOptions { Port = 0, DataDirectory = dir };
            string kept, deleted;
            await using (var first = await AwsEmulator.StartAsync(options, cancellationToken: Ct))
            {
                using var ec2 = Own(first);
                kept = (await ec2.CreateVolumeAsync(Volume(30, ("keep", "yes")), Ct)).Volume.VolumeId;
                deleted = (await ec2.CreateVolumeAsync(Volume(1), Ct)).Volume.VolumeId;
                await ec2.CreateTagsAsync(new CreateTagsRequest { Resources = [kept], Tags = [new Tag("later", "added")] }, Ct);
                await ec2.DeleteVolumeAsync(new DeleteVolumeRequest { VolumeId = deleted }, Ct);
            }

            await using var second = await AwsEmulator.StartAsync(options, cancellationToken: Ct);
            using var again = Own(second);
            var volume = Assert.Single((await again.DescribeVolumesAsync(new DescribeVolumesRequest(), Ct)).Volumes);
            Assert.Equal(kept, volume.VolumeId);
            Assert.Equal(30, volume.Size);
            Assert.Equal(["keep=yes", "later=added"], volume.Tags.Select(t => $"{t.Key}={t.Value}").Order());
        }
        finally
        {
            if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        }
    }

    private static AmazonEC2Client Own(AwsEmulator emulator) =>
        new(new Amazon.Runtime.BasicAWSCredentials("test", "test"),
            new AmazonEC2Config { ServiceURL = emulator.Endpoint.ToString().TrimEnd('/'), AuthenticationRegion = "us-east-1", MaxErrorRetry = 0 });
}
