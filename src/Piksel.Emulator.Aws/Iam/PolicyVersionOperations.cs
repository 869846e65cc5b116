using System.Globalization;
using Piksel.Emulator.Aws.Hosting;
using Piksel.Emulator.Aws.Hosting.Operations;
using Piksel.Emulator.Aws.Policy;
using Piksel.Emulator.Aws.Protocol;
using static Piksel.Emulator.Aws.Iam.IamParameters;

namespace Piksel.Emulator.Aws.Iam;

/// <summary>Managed policy versions: at most five, ids v1, v2… never reused, exactly one default.</summary>
internal sealed class PolicyVersionOperations(IamEntities iam) : IOperationGroup
{
    private const int MaxPolicyVersions = 5;

    /// <inheritdoc />
    public void Register(OperationTable table) => table
        .Add("CreatePolicyVersion", "iam:CreatePolicyVersion", CreatePolicyVersion)
        .Add("GetPolicyVersion", "iam:GetPolicyVersion", GetPolicyVersion)
        .Add("ListPolicyVersions", "iam:ListPolicyVersions", ListPolicyVersions)
        .Add("DeletePolicyVersion", "iam:DeletePolicyVersion", DeletePolicyVersion)
        .Add("SetDefaultPolicyVersion", "iam:SetDefaultPolicyVersion", SetDefaultPolicyVersion);

    private OperationCall CreatePolicyVersion(AwsRequestContext c)
    {
        var arn = PolicyArn(c.Query);
        var document = Document(c.Query, PolicyUsage.ManagedPolicy);
        ManagedPolicyOperations.CheckPolicySize(document);
        var setAsDefault = c.Query.GetBool("SetAsDefault") ?? false;
        return OperationCall.On(IamEntities.PolicyChange(arn), () =>
        {
            var now = iam.Now();
            PolicyVersionRecord? created = null;
            iam.Write(() => iam.Store.Policies.Update(arn, p =>
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
            }));
            return IamXml.Answer(c, xml => IamXml.WriteVersion(xml, created!, withDocument: false));
        });
    }

    private OperationCall GetPolicyVersion(AwsRequestContext c)
    {
        var arn = PolicyArn(c.Query);
        var versionId = VersionId(c.Query);
        return OperationCall.On(arn, () =>
        {
            var policy = iam.FindPolicy(c, arn) ?? throw IamErrors.NoSuchPolicy(arn);
            var version = policy.Versions.FirstOrDefault(v => v.VersionId == versionId) ?? throw NoSuchVersion(arn, versionId);
            return IamXml.Answer(c, xml => IamXml.WriteVersion(xml, version, withDocument: true));
        });
    }

    private OperationCall ListPolicyVersions(AwsRequestContext c)
    {
        var arn = PolicyArn(c.Query);
        return OperationCall.On(arn, () =>
        {
            var policy = iam.FindPolicy(c, arn) ?? throw IamErrors.NoSuchPolicy(arn);
            // Newest first, as IAM lists them.
            var page = Paginate(policy.Versions, v => (int.MaxValue - VersionNumber(v.VersionId)).ToString("D10", CultureInfo.InvariantCulture), c.Query);
            return IamXml.Answer(c, xml =>
            {
                IamXml.WriteMembers(xml, "Versions", page.Items, (x, v) => IamXml.WriteVersionFields(x, v, withDocument: false));
                IamXml.WritePaging(xml, page);
            });
        });
    }

    private OperationCall DeletePolicyVersion(AwsRequestContext c)
    {
        var arn = PolicyArn(c.Query);
        var versionId = VersionId(c.Query);
        return OperationCall.On(IamEntities.PolicyChange(arn), () =>
        {
            iam.Write(() => iam.Store.Policies.Update(arn, p =>
            {
                if (p is null || p.AccountId != c.AccountId) throw IamErrors.NoSuchPolicy(arn);
                var version = p.Versions.FirstOrDefault(v => v.VersionId == versionId) ?? throw NoSuchVersion(arn, versionId);
                if (version.IsDefaultVersion) throw IamErrors.DeleteConflict("Cannot delete the default version of a policy.");
                return p with { Versions = p.Versions.Where(v => v.VersionId != versionId).ToList() };
            }));
            return IamXml.Answer(c, null);
        });
    }

    private OperationCall SetDefaultPolicyVersion(AwsRequestContext c)
    {
        var arn = PolicyArn(c.Query);
        var versionId = VersionId(c.Query);
        return OperationCall.On(IamEntities.PolicyChange(arn), () =>
        {
            var now = iam.Now();
            iam.Write(() => iam.Store.Policies.Update(arn, p =>
            {
                if (p is null || p.AccountId != c.AccountId) throw IamErrors.NoSuchPolicy(arn);
                if (p.Versions.All(v => v.VersionId != versionId)) throw NoSuchVersion(arn, versionId);
                return p with
                {
                    Versions = p.Versions.Select(v => v with { IsDefaultVersion = v.VersionId == versionId }).ToList(),
                    DefaultVersionId = versionId,
                    UpdateDate = now,
                };
            }));
            return IamXml.Answer(c, null);
        });
    }

    private static int VersionNumber(string versionId)
    {
        var digits = new string(versionId.Skip(1).TakeWhile(char.IsAsciiDigit).ToArray());
        return int.TryParse(digits, CultureInfo.InvariantCulture, out var n) ? n : 0;
    }

    private static AwsServiceException NoSuchVersion(string arn, string versionId) =>
        IamErrors.NoSuchEntity($"Policy {arn} version {versionId} does not exist or is not attachable.");
}
