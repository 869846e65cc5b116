using System.Text;
using Amazon.EC2.Model;
using Piksel.Emulator.Aws.Protocol;
using Piksel.Emulator.Aws.Tests.Ec2;
using Piksel.Emulator.Aws.Tests.Infrastructure;
using Piksel.Emulator.Aws.Tests.S3;

namespace Piksel.Emulator.Aws.Tests.Hosting;

/// <summary>
/// Wildcards a client writes (a bucket policy's resource, an EC2 filter value, a virtual-hosted S3 Host) are matched
/// as globs or by unambiguous patterns: the regular expressions they replaced backtracked exponentially on a hostile
/// pattern ("*a*a*a…b" against a long run of a's) and never answered.
/// </summary>
[Collection(EmulatorCollection.Name)]
public sealed class WildcardTests(EmulatorFixture fixture)
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(10) };
    private static readonly string Hostile = string.Concat(Enumerable.Repeat("*a", 40)) + "b";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_bucket_policy_resource_of_many_wildcards_is_answered_promptly()
    {
        using var s3 = fixture.S3();
        var bucket = await s3.NewBucketAsync(new string('a', 30));
        var policy = $$"""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::{{Hostile}}/*"}]}""";
        var response = await new RawRequest { Method = "PUT", PathAndQuery = $"/{bucket}?policy", Body = Encoding.UTF8.GetBytes(policy) }
            .Sign(fixture.Emulator.Endpoint, "s3", DateTimeOffset.UtcNow).SendAsync(Http, fixture.Emulator.Endpoint, Ct);
        Assert.Equal(400, response.Status);
        Assert.Equal("MalformedPolicy", ErrorShape.Code(response, AwsProtocol.RestXml));
    }

    [Fact]
    public async Task An_EC2_filter_of_many_wildcards_is_answered_promptly()
    {
        using var ec2 = Ec2TestKit.Client(fixture);
        var marker = Guid.NewGuid().ToString("N");
        await ec2.CreateVolumeAsync(Ec2TestKit.Volume(1, ("wildcard-test", marker), ("long", new string('a', 250) + "c")), Ct);
        var found = await ec2.DescribeVolumesAsync(new DescribeVolumesRequest
        {
            Filters = [new Filter("tag:wildcard-test", [marker]), new Filter("tag:long", [Hostile])],
        }, Ct);
        Assert.Empty(found.Volumes ?? []);
    }

    [Fact]
    public async Task A_long_Host_that_is_no_virtual_host_is_answered_promptly()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, fixture.Emulator.Endpoint);
        request.Headers.Host = "bucket.s3" + string.Concat(Enumerable.Repeat("-a", 60)) + ".example";
        using var response = await Http.SendAsync(request, Ct);
        Assert.InRange((int)response.StatusCode, 200, 499);
    }
}
