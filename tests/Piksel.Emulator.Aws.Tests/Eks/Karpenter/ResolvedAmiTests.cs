using Piksel.Emulator.Aws.Eks.Karpenter;

namespace Piksel.Emulator.Aws.Tests.Eks.Karpenter;

/// <summary>
/// An AL2023 alias's AMIs pick by instance type as Karpenter's requirements pick them: GPU types the nvidia image,
/// other x86 types the standard one, Graviton types the arm64 one.
/// </summary>
public sealed class ResolvedAmiTests
{
    private static readonly IReadOnlyList<ResolvedAmi> Amis = InMemoryKarpenterCloud.Al2023;

    [Theory]
    [InlineData("g5.xlarge", "amazon-eks-node-al2023-x86_64-nvidia-1.33")]
    [InlineData("g5.12xlarge", "amazon-eks-node-al2023-x86_64-nvidia-1.33")]
    [InlineData("m5.large", "amazon-eks-node-al2023-x86_64-standard-1.33")]
    [InlineData("t3.2xlarge", "amazon-eks-node-al2023-x86_64-standard-1.33")]
    public void A_type_boots_the_variant_its_labels_meet(string type, string image) =>
        Assert.Equal(image, ResolvedAmi.For(Amis, KarpenterInstanceType.Find(type)!)?.Name);

    [Fact]
    public void Graviton_types_are_arm64_and_boot_the_arm64_image()
    {
        var graviton = new KarpenterInstanceType("m6g.large", 2, 8192, 0, 29);
        Assert.Equal("arm64", graviton.Labels["kubernetes.io/arch"]);
        Assert.Equal("amazon-eks-node-al2023-arm64-standard-1.33", ResolvedAmi.For(Amis, graviton)?.Name);
        Assert.Equal("amd64", KarpenterInstanceType.Find("g5.xlarge")!.Architecture);
    }

    [Fact]
    public void A_gpu_type_never_boots_a_standard_image_and_has_no_ami_when_only_standard_ones_resolve()
    {
        var standardOnly = Amis.Where(a => !a.Name.Contains("nvidia", StringComparison.Ordinal)).ToList();
        Assert.Null(ResolvedAmi.For(standardOnly, KarpenterInstanceType.Find("g5.2xlarge")!));
        Assert.Equal("amazon-eks-node-al2023-x86_64-standard-1.33", ResolvedAmi.For(standardOnly, KarpenterInstanceType.Find("c6i.xlarge")!)?.Name);
    }

    [Theory]
    [InlineData("In", "a", true)]
    [InlineData("In", "c", false)]
    [InlineData("NotIn", "a", false)]
    [InlineData("NotIn", "c", true)]
    [InlineData("Exists", "c", true)]
    [InlineData("DoesNotExist", "c", false)]
    [InlineData("Gt", "a", false)]
    public void Requirements_read_labels_as_node_selectors_do(string op, string value, bool met) =>
        Assert.Equal(met, new AmiRequirement("k", op, ["a", "b"]).IsMetBy(new Dictionary<string, string> { ["k"] = value }));

    [Fact]
    public void An_absent_label_meets_only_NotIn_and_DoesNotExist()
    {
        var none = new Dictionary<string, string>();
        Assert.Equal([false, true, false, true], new[] { "In", "NotIn", "Exists", "DoesNotExist" }.Select(op => new AmiRequirement("k", op, ["a"]).IsMetBy(none)));
    }
}
