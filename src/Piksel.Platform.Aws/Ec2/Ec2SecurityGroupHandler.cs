using System.Runtime.CompilerServices;
using Amazon.EC2;
using Amazon.EC2.Model;
using Piksel.Platform.Providers;
using GroupSpec = Piksel.Platform.Spec.Aws.Ec2SecurityGroup;
using RuleSpec = Piksel.Platform.Spec.Aws.Ec2SecurityGroupRule;

namespace Piksel.Platform.Aws.Ec2;

/// <summary>
/// VPC security groups, found again by their <c>Name</c> tag in their VPC. Ingress rules are diffed as a set: a missing
/// rule is authorized, one added behind the engine's back is revoked. Egress stays EC2's default (all out). Deleting
/// while network interfaces still use the group is retryable. Outputs <c>groupId</c>, <c>arn</c>.
/// </summary>
public sealed class Ec2SecurityGroupHandler(Handlers.AwsHandlerContext context) : Ec2ResourceHandler<GroupSpec>(context)
{
    private static readonly string[] Absent = ["InvalidGroup.NotFound", "InvalidGroupId.NotFound"];

    /// <inheritdoc />
    protected override string Noun => "security group";

    /// <inheritdoc />
    protected override bool CanExist(GroupSpec desired) => Resolved(desired.VpcId);

    /// <inheritdoc />
    protected override async Task<Observed<GroupSpec>?> ReadAsync(AmazonEC2Client client, GroupSpec desired, CancellationToken cancellationToken) =>
        await FindAsync(client, desired.Name, desired.VpcId, cancellationToken) is { } group ? Observe(desired, group) : null;

    /// <inheritdoc />
    protected override async Task<IReadOnlyDictionary<string, string>> ApplyAsync(AmazonEC2Client client, GroupSpec desired, CancellationToken cancellationToken)
    {
        var group = await CreateAndReadBackAsync(desired,
            async () =>
            {
                if (await FindAsync(client, desired.Name, desired.VpcId, cancellationToken) is null)
                {
                    await client.CreateSecurityGroupAsync(new CreateSecurityGroupRequest
                    {
                        GroupName = desired.Name,
                        Description = desired.Description,
                        VpcId = desired.VpcId,
                        TagSpecifications = TagOnCreate(ResourceType.SecurityGroup, desired.Tags),
                    }, cancellationToken);
                }
            },
            () => FindAsync(client, desired.Name, desired.VpcId, cancellationToken),
            "InvalidGroup.Duplicate");

        var actual = RulesOf(group);
        var revoke = actual.Except(desired.Ingress).ToList();
        var authorize = desired.Ingress.Except(actual).ToList();
        if (revoke.Count > 0)
        {
            await client.RevokeSecurityGroupIngressAsync(new RevokeSecurityGroupIngressRequest { GroupId = group.GroupId, IpPermissions = [.. revoke.Select(Permission)] }, cancellationToken);
        }

        if (authorize.Count > 0)
        {
            await client.AuthorizeSecurityGroupIngressAsync(new AuthorizeSecurityGroupIngressRequest { GroupId = group.GroupId, IpPermissions = [.. authorize.Select(Permission)] }, cancellationToken);
        }

        await ConvergeTagsAsync(client, group.GroupId, TagsOf(group.Tags), desired.Tags, cancellationToken);
        return Outputs(desired, group.GroupId);
    }

    /// <inheritdoc />
    protected override Task DeleteAsync(AmazonEC2Client client, Observed<GroupSpec> actual, CancellationToken cancellationToken) =>
        DeleteWhenFreeAsync($"Security group {actual.State.Name}",
            () => client.DeleteSecurityGroupAsync(new DeleteSecurityGroupRequest { GroupId = actual.Outputs[GroupSpec.GroupIdOutput] }, cancellationToken), Absent);

    /// <inheritdoc />
    protected override async IAsyncEnumerable<Listed> ListAsync(AmazonEC2Client client, string account, string environment, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var groups = await client.DescribeSecurityGroupsAsync(new DescribeSecurityGroupsRequest { Filters = ManagedFilter }, cancellationToken);
        foreach (var group in groups.SecurityGroups ?? [])
        {
            var tags = TagsOf(group.Tags);
            var stub = new GroupSpec { Name = tags.GetValueOrDefault("Name", group.GroupName), Account = account, VpcId = group.VpcId };
            yield return new Listed(stub, tags, () => Task.FromResult<Observed<GroupSpec>?>(Observe(stub, group)));
        }
    }

    private static async Task<SecurityGroup?> FindAsync(AmazonEC2Client ec2, string name, string vpcId, CancellationToken cancellationToken) =>
        (await ec2.DescribeSecurityGroupsAsync(new DescribeSecurityGroupsRequest
        {
            Filters = [.. ByName(name), new Filter { Name = "vpc-id", Values = [vpcId] }],
        }, cancellationToken)).SecurityGroups?.FirstOrDefault();

    /// <summary>The group's ingress as one rule per source, as the spec writes them.</summary>
    private static List<RuleSpec> RulesOf(SecurityGroup group) =>
    [
        .. (group.IpPermissions ?? []).SelectMany(p =>
            (p.UserIdGroupPairs ?? []).Select(g => new RuleSpec(p.IpProtocol, p.FromPort ?? -1, p.ToPort ?? -1, SourceSecurityGroupId: g.GroupId, Description: Blank(g.Description)))
            .Concat((p.Ipv4Ranges ?? []).Select(r => new RuleSpec(p.IpProtocol, p.FromPort ?? -1, p.ToPort ?? -1, CidrBlock: r.CidrIp, Description: Blank(r.Description))))),
    ];

    private static string? Blank(string? description) => string.IsNullOrEmpty(description) ? null : description;

    private static IpPermission Permission(RuleSpec rule) => new()
    {
        IpProtocol = rule.Protocol,
        FromPort = rule.FromPort,
        ToPort = rule.ToPort,
        UserIdGroupPairs = rule.SourceSecurityGroupId is { } source ? [new UserIdGroupPair { GroupId = source, Description = rule.Description }] : null,
        Ipv4Ranges = rule.CidrBlock is { } cidr ? [new IpRange { CidrIp = cidr, Description = rule.Description }] : null,
    };

    private Observed<GroupSpec> Observe(GroupSpec desired, SecurityGroup group)
    {
        var rules = RulesOf(group);

        // A set: the spec's order when the same rules are there, a stable order otherwise.
        var ingress = rules.Count == desired.Ingress.Count && !rules.Except(desired.Ingress).Any()
            ? desired.Ingress
            : rules.OrderBy(r => r.ToString(), StringComparer.Ordinal).ToList();
        return new(
            desired with { VpcId = group.VpcId, Description = group.Description, Ingress = ingress, Tags = TagsOf(group.Tags) },
            Outputs(desired, group.GroupId));
    }

    private Dictionary<string, string> Outputs(GroupSpec desired, string groupId) =>
        new(StringComparer.Ordinal) { [GroupSpec.GroupIdOutput] = groupId, [Spec.AwsResource.ArnOutput] = Arn(desired, "security-group", groupId) };
}
