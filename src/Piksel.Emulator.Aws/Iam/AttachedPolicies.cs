using System.Globalization;
using Piksel.Emulator.Aws.Hosting;

namespace Piksel.Emulator.Aws.Iam;

/// <summary>The managed policies attached to a role or user, as ListAttached{Role,User}Policies answer them.</summary>
internal static class AttachedPolicies
{
    /// <summary>Managed policies a role or a user may have attached.</summary>
    public const int Quota = 10;

    /// <summary>Answers <c>AttachedPolicies</c> (PolicyName, PolicyArn) in attach order, filtered by the policies' path.</summary>
    public static Task Answer(AwsRequestContext context, IReadOnlyList<string> arns, string pathPrefix)
    {
        var attached = arns.Select((arn, i) => (Arn: arn, Order: i, Parts: Split(arn)))
            .Where(a => a.Parts.Path.StartsWith(pathPrefix, StringComparison.Ordinal));
        var page = IamParameters.Paginate(attached, a => a.Order.ToString("D6", CultureInfo.InvariantCulture), context.Query);
        return IamXml.Answer(context, xml =>
        {
            IamXml.WriteMembers(xml, "AttachedPolicies", page.Items, (x, a) =>
            {
                x.WriteElementString("PolicyName", a.Parts.Name);
                x.WriteElementString("PolicyArn", a.Arn);
            });
            IamXml.WritePaging(xml, page);
        });
    }

    /// <summary>The path and name inside <c>arn:aws:iam::A:policy/path/name</c>.</summary>
    private static (string Path, string Name) Split(string arn)
    {
        var resource = Arn.TryParse(arn)?.Resource ?? "policy/";
        var slash = resource.LastIndexOf('/');
        return (resource["policy".Length..(slash + 1)], resource[(slash + 1)..]);
    }
}
