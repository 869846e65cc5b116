using System.Net;
using System.Xml.Linq;
using Piksel.Emulator.Aws.Tests.Infrastructure;
using Piksel.Platform.Aws.Http;
using static Piksel.Emulator.Aws.Tests.Ec2.Ec2TestKit;

namespace Piksel.Emulator.Aws.Tests.Ec2;

/// <summary>EC2's bytes on the wire: answers in the 2016-11-15 namespace with requestId, errors as Response/Errors/Error with RequestID.</summary>
[Collection(EmulatorCollection.Name)]
public sealed class WireTests(EmulatorFixture fixture)
{
    private static readonly XNamespace Ec2 = "http://ec2.amazonaws.com/doc/2016-11-15/";

    [Fact]
    public async Task Answers_and_errors_have_EC2s_shapes()
    {
        using var http = new HttpClient(new AwsSigningHandler(fixture.RootCredentials, "us-east-1", "ec2")) { BaseAddress = new Uri(fixture.ServiceUrl + "/") };

        using var ok = await Post(http, "Action=DescribeAvailabilityZones&Version=2016-11-15");
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        var answer = XDocument.Parse(await ok.Content.ReadAsStringAsync(Ct)).Root!;
        Assert.Equal(Ec2 + "DescribeAvailabilityZonesResponse", answer.Name);
        Assert.Equal(ok.Headers.GetValues("x-amzn-RequestId").Single(), answer.Element(Ec2 + "requestId")!.Value);
        Assert.Equal(3, answer.Element(Ec2 + "availabilityZoneInfo")!.Elements(Ec2 + "item").Count());

        using var error = await Post(http, "Action=DescribeVolumes&Version=2016-11-15&VolumeId.1=vol-0123456789abcdef0");
        Assert.Equal(HttpStatusCode.BadRequest, error.StatusCode);
        var body = XDocument.Parse(await error.Content.ReadAsStringAsync(Ct)).Root!;
        Assert.Equal("Response", body.Name.LocalName);
        var item = body.Element("Errors")!.Element("Error")!;
        Assert.Equal("InvalidVolume.NotFound", item.Element("Code")!.Value);
        Assert.Equal("The volume 'vol-0123456789abcdef0' does not exist.", item.Element("Message")!.Value);
        Assert.Equal(error.Headers.GetValues("x-amzn-RequestId").Single(), body.Element("RequestID")!.Value);

        using var unknown = await Post(http, "Action=NoSuchThing&Version=2016-11-15");
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Contains("<Code>InvalidAction</Code>", await unknown.Content.ReadAsStringAsync(Ct));
    }

    private static Task<HttpResponseMessage> Post(HttpClient http, string form) =>
        http.PostAsync("/", new StringContent(form, System.Text.Encoding.UTF8, "application/x-www-form-urlencoded"), Ct);
}
