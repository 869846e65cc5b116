using Piksel.Emulator.Aws.Policy;
using System.Text.RegularExpressions;
using System.Xml;
using Piksel.Emulator.Aws.Hosting;
using Piksel.Emulator.Aws.Protocol;

namespace Piksel.Emulator.Aws.Iam;

// Managed policy versions: at most five, ids v1, v2… never reused, exactly one default.
public sealed partial class IamService
{
    private const int MaxPolicyVersions = 5;

    [GeneratedRegex(@"^v[1-9][0-9]*(\.[A-Za-z0-9-]*)?$")]
    private static partial Regex VersionIdRegex();

    private void AddPolicyVersionOperations()
    {
        Add("CreatePolicyVersion", CreatePolicyVersion);
        Add("GetPolicyVersion", GetPolicyVersion);
        Add("ListPolicyVersions", ListPolicyVersions);
        Add("DeletePolicyVersion", DeletePolicyVersion);
        Add("SetDefaultPolicyVersion", SetDefaultPolicyVersion);
    }

    private Task CreatePolicyVersion(AwsRequestContext c)
    {
        var arn = PolicyArnParameter(c.Query);
        var document = Document(c.Query, PolicyUsage.ManagedPolicy);
        CheckPolicySize(document);
        var setAsDefault = c.Query.GetBool("SetAsDefault") ?? false;
        AuthorizePolicyChange(c, "iam:CreatePolicyVersion", arn);
        var now = Now(c);
        PolicyVersionRecord? created = null;
        lock (gate)
        {
            Iam.Policies.Update(arn, p =>
            {
                if (p is null || p.AccountId != c.AccountId) throw IamErrors.NoSuchPolicy(arn);
                if (p.Versions.Count >= MaxPolicyVersions)
                    throw IamErrors.LimitExceeded($"A managed policy can have up to {MaxPolicyVersions} versions. Before you create a new version, you must delete an existing version.");
                created = new PolicyVersionRecord($"v{p.NextVersion}", document, setAsDefault, now);
                var versions = p.Versions.Select(v => setAsDefault ? v with { IsDefaultVersion = false } : v).Append(created).ToList();
                return p with
                {
                    Versions = versions,
                    NextVersion = p.NextVersion + 1,
                    DefaultVersionId = setAsDefault ? created.VersionId : p.DefaultVersionId,
                    UpdateDate = setAsDefault ? now : p.UpdateDate,
                };
            });
        }
        return Answer(c, xml => WriteVersion(xml, created!, withDocument: false));
    }

    private Task GetPolicyVersion(AwsRequestContext c)
    {
        var arn = PolicyArnParameter(c.Query);
        var versionId = VersionId(c.Query);
        c.Authorize("iam:GetPolicyVersion", arn);
        var policy = FindPolicy(c, arn) ?? throw IamErrors.NoSuchPolicy(arn);
        var version = policy.Versions.FirstOrDefault(v => v.VersionId == versionId) ?? throw NoSuchVersion(arn, versionId);
        return Answer(c, xml => WriteVersion(xml, version, withDocument: true));
    }

    private Task ListPolicyVersions(AwsRequestContext c)
    {
        var arn = PolicyArnParameter(c.Query);
        c.Authorize("iam:ListPolicyVersions", arn);
        var policy = FindPolicy(c, arn) ?? throw IamErrors.NoSuchPolicy(arn);
        // Newest first, as IAM lists them.
        var page = Paginate(policy.Versions, v => (int.MaxValue - VersionNumber(v.VersionId)).ToString("D10", System.Globalization.CultureInfo.InvariantCulture), c.Query);
        return Answer(c, xml =>
        {
            WriteMembers(xml, "Versions", page.Items, (x, v) => WriteVersionFields(x, v, withDocument: false));
            WritePaging(xml, page);
        });
    }

    private Task DeletePolicyVersion(AwsRequestContext c)
    {
        var arn = PolicyArnParameter(c.Query);
        var versionId = VersionId(c.Query);
        AuthorizePolicyChange(c, "iam:DeletePolicyVersion", arn);
        lock (gate)
        {
            Iam.Policies.Update(arn, p =>
            {
                if (p is null || p.AccountId != c.AccountId) throw IamErrors.NoSuchPolicy(arn);
                var version = p.Versions.FirstOrDefault(v => v.VersionId == versionId) ?? throw NoSuchVersion(arn, versionId);
                if (version.IsDefaultVersion) throw IamErrors.DeleteConflict("Cannot delete the default version of a policy.");
                return p with { Versions = p.Versions.Where(v => v.VersionId != versionId).ToList() };
            });
        }
        return Answer(c, null);
    }

    private Task SetDefaultPolicyVersion(AwsRequestContext c)
    {
        var arn = PolicyArnParameter(c.Query);
        var versionId = VersionId(c.Query);
        AuthorizePolicyChange(c, "iam:SetDefaultPolicyVersion", arn);
        var now = Now(c);
        lock (gate)
        {
            Iam.Policies.Update(arn, p =>
            {
                if (p is null || p.AccountId != c.AccountId) throw IamErrors.NoSuchPolicy(arn);
                if (p.Versions.All(v => v.VersionId != versionId)) throw NoSuchVersion(arn, versionId);
                return p with
                {
                    Versions = p.Versions.Select(v => v with { IsDefaultVersion = v.VersionId == versionId }).ToList(),
                    DefaultVersionId = versionId,
                    UpdateDate = now,
                };
            });
        }
        return Answer(c, null);
    }

    private static string VersionId(QueryParameters query)
    {
        var id = query.Required("VersionId");
        return VersionIdRegex().IsMatch(id) ? id
            : throw IamErrors.Constraint(id, "versionId", @"Member must satisfy regular expression pattern: v[1-9][0-9]*(\.[A-Za-z0-9-]*)?");
    }

    private static int VersionNumber(string versionId)
    {
        var digits = new string(versionId.Skip(1).TakeWhile(char.IsAsciiDigit).ToArray());
        return int.TryParse(digits, System.Globalization.CultureInfo.InvariantCulture, out var n) ? n : 0;
    }

    private static Protocol.AwsServiceException NoSuchVersion(string arn, string versionId) =>
        IamErrors.NoSuchEntity($"Policy {arn} version {versionId} does not exist or is not attachable.");

    private static void WriteVersion(XmlWriter xml, PolicyVersionRecord version, bool withDocument)
    {
        xml.WriteStartElement("PolicyVersion");
        WriteVersionFields(xml, version, withDocument);
        xml.WriteEndElement();
    }

    private static void WriteVersionFields(XmlWriter xml, PolicyVersionRecord version, bool withDocument)
    {
        if (withDocument) xml.WriteElementString("Document", Encode(version.Document));
        xml.WriteElementString("VersionId", version.VersionId);
        xml.WriteElementString("IsDefaultVersion", XmlValues.Bool(version.IsDefaultVersion));
        xml.WriteElementString("CreateDate", QueryResponse.Timestamp(version.CreateDate));
    }
}
