using System.Xml.Linq;
using Piksel.Emulator.Aws.Protocol;
using Piksel.Emulator.Aws.Rds;
using Piksel.Emulator.Aws.Tests.Infrastructure;

namespace Piksel.Emulator.Aws.Tests.Rds;

/// <summary>An emulator with fake database servers and a hand clock, and signed RDS/EC2 query calls against it.</summary>
internal sealed class RdsTestKit : IAsyncDisposable
{
    private static readonly HttpClient Http = new();

    private RdsTestKit(AwsEmulator emulator, FakeDatabaseServers servers, Sts.ManualTimeProvider clock)
    {
        Emulator = emulator;
        Servers = servers;
        Clock = clock;
    }

    public AwsEmulator Emulator { get; }
    public FakeDatabaseServers Servers { get; }
    public Sts.ManualTimeProvider Clock { get; }

    public static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static async Task<RdsTestKit> StartAsync(FakeDatabaseServers? servers = null, string? dataDirectory = null, Sts.ManualTimeProvider? clock = null)
    {
        servers ??= new FakeDatabaseServers();
        clock ??= new Sts.ManualTimeProvider(DateTimeOffset.UtcNow);
        var emulator = await AwsEmulator.StartAsync(new AwsEmulatorOptions
        {
            Port = 0,
            DataDirectory = dataDirectory,
            TimeProvider = clock,
            AllowedClockSkew = TimeSpan.FromDays(3650),
            Rds = new RdsOptions { Servers = _ => servers },
        }, cancellationToken: Ct);
        return new RdsTestKit(emulator, servers, clock);
    }

    /// <summary>Calls RDS (<paramref name="form"/> without Action/Version) as root, or with the given keys.</summary>
    public Task<RawResponse> Rds(string action, string form = "", string accessKey = "test", string secret = "test") =>
        Call("rds", $"Action={action}&Version=2014-10-31" + (form.Length > 0 ? "&" + form : ""), accessKey, secret);

    public Task<RawResponse> Ec2(string action, string form) => Call("ec2", $"Action={action}&Version=2016-11-15&{form}");

    public Task<RawResponse> Call(string service, string form, string accessKey = "test", string secret = "test") =>
        RawRequest.Query(form).Sign(Emulator.Endpoint, service, DateTimeOffset.UtcNow, accessKey, secret).SendAsync(Http, Emulator.Endpoint, Ct);

    /// <summary>The text of the first element called <paramref name="name"/> in an answer.</summary>
    public static string? Value(RawResponse response, string name) =>
        XDocument.Parse(response.Text).Descendants().FirstOrDefault(e => e.Name.LocalName == name)?.Value;

    public static void Ok(RawResponse response) => Assert.True(response.Status == 200, response.ToString());

    public static void Fails(RawResponse response, int status, string code, string? message = null)
    {
        Assert.True(response.Status == status, response.ToString());
        Assert.Equal(code, ErrorShape.Code(response, AwsProtocol.Query));
        Assert.Contains("<Type>Sender</Type>", response.Text, StringComparison.Ordinal);
        if (message is not null) Assert.Equal(message, ErrorShape.Message(response, AwsProtocol.Query));
    }

    /// <summary>A VPC with a subnet in each of <paramref name="zones"/>; returns the VPC and subnet ids.</summary>
    public async Task<(string Vpc, List<string> Subnets)> NetworkAsync(params string[] zones)
    {
        var vpc = await Ec2("CreateVpc", "CidrBlock=10.20.0.0%2F16");
        Ok(vpc);
        var vpcId = Value(vpc, "vpcId")!;
        var subnets = new List<string>();
        for (var i = 0; i < zones.Length; i++)
        {
            var subnet = await Ec2("CreateSubnet", $"VpcId={vpcId}&CidrBlock=10.20.{i}.0%2F24&AvailabilityZone={zones[i]}");
            Ok(subnet);
            subnets.Add(Value(subnet, "subnetId")!);
        }
        return (vpcId, subnets);
    }

    /// <summary>A subnet group over two zones; returns its name.</summary>
    public async Task<string> SubnetGroupAsync(string name = "db-subnets")
    {
        var (_, subnets) = await NetworkAsync("us-east-1a", "us-east-1b");
        Ok(await Rds("CreateDBSubnetGroup", $"DBSubnetGroupName={name}&DBSubnetGroupDescription=db&SubnetIds.SubnetIdentifier.1={subnets[0]}&SubnetIds.SubnetIdentifier.2={subnets[1]}"));
        return name;
    }

    /// <summary>The status of an instance now.</summary>
    public async Task<string?> StatusAsync(string id) => Value(await Rds("DescribeDBInstances", $"DBInstanceIdentifier={id}"), "DBInstanceStatus");

    /// <summary>Waits (bounded) for the background server work, then for the clock to pass <paramref name="advance"/>: the status after.</summary>
    public async Task<string?> SettleAsync(string id, TimeSpan advance)
    {
        for (var i = 0; i < 200; i++)
        {
            var described = await Rds("DescribeDBInstances", $"DBInstanceIdentifier={id}");
            if (described.Status != 200 || Value(described, "Address") is not null || Value(described, "DBInstanceStatus") is not ("creating")) break;
            await Task.Delay(20, Ct);
        }
        Clock.Advance(advance);
        return await StatusAsync(id);
    }

    public async ValueTask DisposeAsync() => await Emulator.DisposeAsync();
}
