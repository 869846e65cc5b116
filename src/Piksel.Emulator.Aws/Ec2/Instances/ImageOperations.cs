using System.Xml;
using Piksel.Emulator.Aws.Eks;
using Piksel.Emulator.Aws.Hosting;
using Piksel.Emulator.Aws.Hosting.Operations;
using Piksel.Emulator.Aws.Protocol;
using static Piksel.Emulator.Aws.Ec2.Ec2Parameters;

namespace Piksel.Emulator.Aws.Ec2.Instances;

/// <summary>
/// DescribeImages over the public EKS-optimized AL2023 images (<see cref="EksOptimizedAmis"/>), owned by EKS's account
/// with the <c>amazon</c> alias; the account has no images of its own.
/// </summary>
internal sealed class ImageOperations : IOperationGroup
{
    private static readonly string[] ImageFilters =
        ["image-id", "name", "architecture", "state", "owner-id", "owner-alias", "is-public", "image-type", "virtualization-type", "root-device-type"];

    /// <summary>When the pinned release was published.</summary>
    private static readonly DateTimeOffset Published = new(2025, 11, 12, 0, 0, 0, TimeSpan.Zero);

    /// <inheritdoc />
    public void Register(OperationTable table) => table.Add("DescribeImages", "ec2:DescribeImages", DescribeImages);

    /// <summary>The image <paramref name="imageId"/>; a malformed or unknown id is EC2's error.</summary>
    public static EksOptimizedAmi Find(string imageId)
    {
        RequireImageId(imageId);
        return EksOptimizedAmis.ById(imageId) ?? throw Ec2Errors.NotFound("ImageId", imageId);
    }

    /// <summary><c>arn:aws:ec2:&lt;region&gt;::image/&lt;id&gt;</c>: public images carry no account in their ARN.</summary>
    public static string Arn(string region, string imageId) => $"arn:aws:ec2:{region}::image/{imageId}";

    private static OperationCall DescribeImages(AwsRequestContext context) =>
        Answer(context, Access.Any, () =>
        {
            var ids = context.Query.List("ImageId");
            foreach (var id in ids) RequireImageId(id);
            var owners = context.Query.List("Owner");
            var filters = context.Query.Filters();
            foreach (var filter in filters.Where(f => !f.Name.StartsWith("tag:", StringComparison.Ordinal) && !ImageFilters.Contains(f.Name)))
                throw Ec2Errors.InvalidParameterValue($"The filter '{filter.Name}' is invalid");
            context.Query.StopIfDryRun();
            if (ids.FirstOrDefault(id => EksOptimizedAmis.ById(id) is null) is { } missing)
                throw Ec2Errors.NotFound("ImageId", missing);
            var images = EksOptimizedAmis.All
                .Where(a => ids.Count == 0 || ids.Contains(a.ImageId))
                .Where(a => owners.Count == 0 || owners.Any(o => o is "amazon" or EksOptimizedAmis.OwnerId))
                .Where(a => filters.All(f => Matches(a, f)))
                .ToList();
            return xml => xml.WriteSet("imagesSet", images, (x, a) => Write(x, a));
        });

    private static bool Matches(EksOptimizedAmi image, Ec2Filter filter) => filter.Name switch
    {
        "image-id" => filter.MatchesAny(image.ImageId),
        "name" => filter.MatchesAny(image.Name),
        "architecture" => filter.MatchesAny(image.Architecture),
        "state" => filter.MatchesAny("available"),
        "owner-id" => filter.MatchesAny(EksOptimizedAmis.OwnerId),
        "owner-alias" => filter.MatchesAny("amazon"),
        "is-public" => filter.MatchesAny("true"),
        "image-type" => filter.MatchesAny("machine"),
        "virtualization-type" => filter.MatchesAny("hvm"),
        "root-device-type" => filter.MatchesAny("ebs"),
        _ => false,
    };

    private static void Write(XmlWriter xml, EksOptimizedAmi image)
    {
        xml.WriteElementString("imageId", image.ImageId);
        xml.WriteElementString("imageLocation", $"amazon/{image.Name}");
        xml.WriteElementString("imageState", "available");
        xml.WriteElementString("imageOwnerId", EksOptimizedAmis.OwnerId);
        xml.WriteElementString("creationDate", XmlValues.Timestamp(Published));
        xml.WriteElementString("isPublic", "true");
        xml.WriteElementString("architecture", image.Architecture);
        xml.WriteElementString("imageType", "machine");
        xml.WriteElementString("imageOwnerAlias", "amazon");
        xml.WriteElementString("name", image.Name);
        xml.WriteElementString("description", image.Description);
        xml.WriteElementString("rootDeviceType", "ebs");
        xml.WriteElementString("rootDeviceName", EksOptimizedAmi.RootDeviceName);
        xml.WriteSet("blockDeviceMapping", [image], (x, a) =>
        {
            x.WriteElementString("deviceName", EksOptimizedAmi.RootDeviceName);
            x.WriteStartElement("ebs");
            x.WriteElementString("snapshotId", a.SnapshotId);
            x.WriteElementString("volumeSize", "20");
            x.WriteElementString("deleteOnTermination", "true");
            x.WriteElementString("volumeType", "gp3");
            x.WriteElementString("encrypted", "false");
            x.WriteEndElement();
        });
        xml.WriteElementString("virtualizationType", "hvm");
        xml.WriteElementString("hypervisor", "xen");
        xml.WriteElementString("enaSupport", "true");
        xml.WriteElementString("platformDetails", "Linux/UNIX");
        xml.WriteElementString("usageOperation", "RunInstances");
        xml.WriteElementString("bootMode", "uefi-preferred");
    }

    private static void RequireImageId(string id)
    {
        if (!id.StartsWith("ami-", StringComparison.Ordinal) || id.Length - 4 is not (8 or 17) || !id[4..].All(char.IsAsciiHexDigitLower))
            throw new AwsServiceException("InvalidAMIID.Malformed", $"Invalid id: \"{id}\" (expecting \"ami-...\")");
    }
}
