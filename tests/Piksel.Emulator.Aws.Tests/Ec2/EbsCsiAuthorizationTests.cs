using System.Net;
using Amazon.EC2;
using Amazon.EC2.Model;
using Piksel.Emulator.Aws.Tests.Infrastructure;
using static Piksel.Emulator.Aws.Tests.Ec2.Ec2TestKit;

namespace Piksel.Emulator.Aws.Tests.Ec2;

/// <summary>
/// The EBS CSI driver's role, held to AmazonEBSCSIDriverPolicy as AWS holds it: creating needs the cluster tag in the
/// request (aws:RequestTag) and the implied ec2:CreateTags under ec2:CreateAction; deleting needs the tag on the
/// volume (ec2:ResourceTag).
/// </summary>
[Collection(EmulatorCollection.Name)]
public sealed class EbsCsiAuthorizationTests(EmulatorFixture fixture)
{
    [Fact]
    public async Task The_CSI_role_creates_and_deletes_only_cluster_tagged_volumes()
    {
        var csi = await RoleSessions.AssumeAsync(fixture, "ec2-csi", [EbsCsiPolicy], null, Ct);
        using var ec2 = Client(fixture, csi);
        using var root = Client(fixture);

        await ec2.DescribeVolumesAsync(new DescribeVolumesRequest(), Ct);
        await ec2.DescribeAvailabilityZonesAsync(new DescribeAvailabilityZonesRequest(), Ct);

        var tagged = (await ec2.CreateVolumeAsync(Volume(4, ("ebs.csi.aws.com/cluster", "true"), ("CSIVolumeName", "pvc-1")), Ct)).Volume;
        Assert.Contains(tagged.Tags, t => t.Key == "ebs.csi.aws.com/cluster" && t.Value == "true");

        var untagged = await Fails(() => ec2.CreateVolumeAsync(Volume(4), Ct), "UnauthorizedOperation");
        Assert.Equal(HttpStatusCode.Forbidden, untagged.StatusCode);
        Assert.Contains("is not authorized to perform: ec2:CreateVolume on resource: arn:aws:ec2:us-east-1:000000000000:volume/*", untagged.Message);
        await Fails(() => ec2.CreateVolumeAsync(Volume(4, ("ebs.csi.aws.com/cluster", "false")), Ct), "UnauthorizedOperation");

        // A volume root made without the tags is not the driver's to delete; its own is.
        var foreign = (await root.CreateVolumeAsync(Volume(1), Ct)).Volume;
        var denied = await Fails(() => ec2.DeleteVolumeAsync(new DeleteVolumeRequest { VolumeId = foreign.VolumeId }, Ct), "UnauthorizedOperation");
        Assert.Contains($"ec2:DeleteVolume on resource: arn:aws:ec2:us-east-1:000000000000:volume/{foreign.VolumeId}", denied.Message);
        await ec2.DeleteVolumeAsync(new DeleteVolumeRequest { VolumeId = tagged.VolumeId }, Ct);
        await Fails(() => root.DescribeVolumesAsync(new DescribeVolumesRequest { VolumeIds = [tagged.VolumeId] }, Ct), "InvalidVolume.NotFound");

        // CreateTags is allowed only as part of a create: tagging an existing volume afterwards is denied.
        await Fails(() => ec2.CreateTagsAsync(new CreateTagsRequest { Resources = [foreign.VolumeId], Tags = [new Tag("ebs.csi.aws.com/cluster", "true")] }, Ct), "UnauthorizedOperation");
        await ec2.DeleteTagsAsync(new DeleteTagsRequest { Resources = [foreign.VolumeId], Tags = [new Tag { Key = "missing" }] }, Ct);
        await root.DeleteVolumeAsync(new DeleteVolumeRequest { VolumeId = foreign.VolumeId }, Ct);
    }

    [Fact]
    public async Task Tagging_on_create_also_needs_CreateTags()
    {
        var createOnly = await RoleSessions.AssumeAsync(fixture, "ec2-createonly", [], """
            {"Version":"2012-10-17","Statement":[
              {"Effect":"Allow","Action":"ec2:CreateVolume","Resource":"arn:aws:ec2:*:*:volume/*"}]}
            """, Ct);
        using var ec2 = Client(fixture, createOnly);
        var plain = (await ec2.CreateVolumeAsync(Volume(1), Ct)).Volume;
        var error = await Fails(() => ec2.CreateVolumeAsync(Volume(1, ("team", "a")), Ct), "UnauthorizedOperation");
        Assert.Contains("ec2:CreateTags on resource: arn:aws:ec2:us-east-1:000000000000:volume/vol-", error.Message);
        using var root = Client(fixture);
        await root.DeleteVolumeAsync(new DeleteVolumeRequest { VolumeId = plain.VolumeId }, Ct);
    }

    [Fact]
    public async Task DryRun_tells_allowed_from_denied_without_creating()
    {
        var csi = await RoleSessions.AssumeAsync(fixture, "ec2-dryrun", [EbsCsiPolicy], null, Ct);
        using var ec2 = Client(fixture, csi);
        var marker = Guid.NewGuid().ToString("N");
        var request = Volume(1, ("ebs.csi.aws.com/cluster", "true"), ("dry", marker));
        request.DryRun = true;
        var allowed = await Fails(() => ec2.CreateVolumeAsync(request, Ct), "DryRunOperation");
        Assert.Equal(HttpStatusCode.PreconditionFailed, allowed.StatusCode);
        var denied = Volume(1);
        denied.DryRun = true;
        await Fails(() => ec2.CreateVolumeAsync(denied, Ct), "UnauthorizedOperation");
        Assert.Empty((await ec2.DescribeVolumesAsync(new DescribeVolumesRequest { Filters = [new Filter("tag:dry", [marker])] }, Ct)).Volumes ?? []);
    }

    [Fact]
    public async Task Tagging_several_volumes_needs_the_action_on_each_and_changes_none_when_one_is_denied()
    {
        using var root = Client(fixture);
        var mine = (await root.CreateVolumeAsync(Volume(1, ("team", "a")), Ct)).Volume;
        var theirs = (await root.CreateVolumeAsync(Volume(1, ("team", "b")), Ct)).Volume;
        var teamA = await RoleSessions.AssumeAsync(fixture, "ec2-tagteam", [], """
            {"Version":"2012-10-17","Statement":[
              {"Effect":"Allow","Action":["ec2:CreateTags","ec2:DeleteTags"],"Resource":"*","Condition":{"StringEquals":{"ec2:ResourceTag/team":"a"}}}]}
            """, Ct);
        using var ec2 = Client(fixture, teamA);

        var denied = await Fails(() => ec2.CreateTagsAsync(new CreateTagsRequest { Resources = [mine.VolumeId, theirs.VolumeId], Tags = [new Tag("x", "1")] }, Ct), "UnauthorizedOperation");
        Assert.Contains($"ec2:CreateTags on resource: arn:aws:ec2:us-east-1:000000000000:volume/{theirs.VolumeId}", denied.Message);
        await Fails(() => ec2.DeleteTagsAsync(new DeleteTagsRequest { Resources = [theirs.VolumeId, mine.VolumeId] }, Ct), "UnauthorizedOperation");
        var both = (await root.DescribeVolumesAsync(new DescribeVolumesRequest { VolumeIds = [mine.VolumeId, theirs.VolumeId] }, Ct)).Volumes;
        Assert.All(both, v => Assert.Equal(["team"], v.Tags.Select(t => t.Key)));

        await ec2.CreateTagsAsync(new CreateTagsRequest { Resources = [mine.VolumeId], Tags = [new Tag("x", "1")] }, Ct);
        await root.DeleteVolumeAsync(new DeleteVolumeRequest { VolumeId = mine.VolumeId }, Ct);
        await root.DeleteVolumeAsync(new DeleteVolumeRequest { VolumeId = theirs.VolumeId }, Ct);
    }
}
