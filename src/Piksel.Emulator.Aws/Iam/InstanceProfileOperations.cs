using System.Xml;
using Piksel.Emulator.Aws.Hosting;
using Piksel.Emulator.Aws.Hosting.Operations;
using Piksel.Emulator.Aws.Identity;
using Piksel.Emulator.Aws.Protocol;
using static Piksel.Emulator.Aws.Iam.IamParameters;

namespace Piksel.Emulator.Aws.Iam;

/// <summary>
/// Instance profiles: create, read, list (all, or those holding a role), add and remove their one role, tag, delete.
/// Adding a role needs iam:PassRole on it too, as IAM asks, since the profile hands the role to instances.
/// </summary>
internal sealed class InstanceProfileOperations(IamEntities iam) : IOperationGroup
{
    /// <inheritdoc />
    public void Register(OperationTable table) => table
        .Add("CreateInstanceProfile", "iam:CreateInstanceProfile", CreateInstanceProfile)
        .Add("GetInstanceProfile", "iam:GetInstanceProfile", GetInstanceProfile)
        .Add("ListInstanceProfiles", "iam:ListInstanceProfiles", ListInstanceProfiles)
        .Add("ListInstanceProfilesForRole", "iam:ListInstanceProfilesForRole", ListInstanceProfilesForRole)
        .Add("AddRoleToInstanceProfile", "iam:AddRoleToInstanceProfile", AddRoleToInstanceProfile)
        .Add("RemoveRoleFromInstanceProfile", "iam:RemoveRoleFromInstanceProfile", RemoveRoleFromInstanceProfile)
        .Add("DeleteInstanceProfile", "iam:DeleteInstanceProfile", DeleteInstanceProfile)
        .Add("TagInstanceProfile", "iam:TagInstanceProfile", TagInstanceProfile)
        .Add("UntagInstanceProfile", "iam:UntagInstanceProfile", UntagInstanceProfile)
        .Add("ListInstanceProfileTags", "iam:ListInstanceProfileTags", ListInstanceProfileTags);

    private State.Table<InstanceProfileRecord> Profiles => iam.Store.InstanceProfiles;

    private OperationCall CreateInstanceProfile(AwsRequestContext c)
    {
        var name = Name(c.Query, "InstanceProfileName", 128);
        var path = EntityPath(c.Query);
        var tags = IamTags.Read(c.Query);
        var arn = IamArn(c, "instance-profile", path, name);
        return OperationCall.On(arn, () =>
        {
            var profile = new InstanceProfileRecord
            {
                AccountId = c.AccountId,
                InstanceProfileName = name,
                InstanceProfileId = CredentialStore.NewId("AIPA"),
                Path = path,
                Arn = arn,
                CreateDate = iam.Now(),
                Tags = tags,
            };
            iam.Write(() =>
            {
                if (!Profiles.TryAdd(IamStore.Key(c.AccountId, name), profile))
                    throw IamErrors.AlreadyExists($"Instance Profile {name} already exists.");
            });
            return IamXml.Answer(c, xml => Write(xml, profile));
        });
    }

    private OperationCall GetInstanceProfile(AwsRequestContext c)
    {
        var target = Profile(c);
        return OperationCall.On(target.Arn, () => IamXml.Answer(c, xml => Write(xml, target.Existing)));
    }

    private OperationCall ListInstanceProfiles(AwsRequestContext c)
    {
        var prefix = PathPrefix(c.Query);
        return OperationCall.On(Access.Any, () => List(c, Profiles.Values.Where(p => p.AccountId == c.AccountId && p.Path.StartsWith(prefix, StringComparison.Ordinal))));
    }

    private OperationCall ListInstanceProfilesForRole(AwsRequestContext c)
    {
        var role = iam.Role(c);
        return OperationCall.On(role.Arn, () =>
        {
            var name = role.Existing.RoleName;
            return List(c, Profiles.Values.Where(p => p.AccountId == c.AccountId && p.RoleNames.Contains(name, StringComparer.OrdinalIgnoreCase)));
        });
    }

    private OperationCall AddRoleToInstanceProfile(AwsRequestContext c)
    {
        var target = Profile(c);
        var role = iam.Role(c);
        return OperationCall.On(target.Arn, () =>
        {
            var roleName = role.Existing.RoleName;
            iam.Write(() => Profiles.Update(target.Key, current =>
            {
                if (current is null) throw target.Missing();
                if (current.RoleNames.Count > 0)
                    throw IamErrors.LimitExceeded("Cannot exceed quota for InstanceSessionsPerInstanceProfile: 1");
                return current with { RoleNames = [roleName] };
            }));
            return IamXml.Answer(c, null);
        }).AndAlso("iam:PassRole", role.Arn);
    }

    private OperationCall RemoveRoleFromInstanceProfile(AwsRequestContext c)
    {
        var target = Profile(c);
        var roleName = Name(c.Query, "RoleName", 64);
        return OperationCall.On(target.Arn, () =>
        {
            iam.Write(() => Profiles.Update(target.Key, current =>
            {
                if (current is null) throw target.Missing();
                if (!current.RoleNames.Contains(roleName, StringComparer.OrdinalIgnoreCase))
                    throw IamErrors.NoSuchEntity($"The role with name {roleName} cannot be found.");
                return current with { RoleNames = [.. current.RoleNames.Where(r => !string.Equals(r, roleName, StringComparison.OrdinalIgnoreCase))] };
            }));
            return IamXml.Answer(c, null);
        });
    }

    private OperationCall DeleteInstanceProfile(AwsRequestContext c)
    {
        var target = Profile(c);
        return OperationCall.On(target.Arn, () =>
        {
            iam.Write(() => Profiles.Update(target.Key, current =>
                current is null ? throw target.Missing()
                : current.RoleNames.Count > 0 ? throw IamErrors.DeleteConflict("Cannot delete entity, must remove roles from instance profile first.")
                : null));
            return IamXml.Answer(c, null);
        });
    }

    private OperationCall TagInstanceProfile(AwsRequestContext c)
    {
        var target = Profile(c);
        var tags = IamTags.Read(c.Query, required: true);
        return OperationCall.On(target.Arn, () =>
        {
            iam.Write(() => Profiles.Update(target.Key, current =>
            {
                if (current is null) throw target.Missing();
                var next = current with { Tags = IamTags.Merge(current.Tags, tags) };
                return next.Tags.Count > IamTags.MaxTags ? throw IamErrors.LimitExceeded("The number of tags has reached the maximum limit.") : next;
            }));
            return IamXml.Answer(c, null);
        });
    }

    private OperationCall UntagInstanceProfile(AwsRequestContext c)
    {
        var target = Profile(c);
        var keys = IamTags.ReadKeys(c.Query);
        return OperationCall.On(target.Arn, () =>
        {
            iam.Write(() => Profiles.Update(target.Key, current => current is null ? throw target.Missing() : current with { Tags = IamTags.Remove(current.Tags, keys) }));
            return IamXml.Answer(c, null);
        });
    }

    private OperationCall ListInstanceProfileTags(AwsRequestContext c)
    {
        var target = Profile(c);
        return OperationCall.On(target.Arn, () => IamXml.Answer(c, xml =>
        {
            IamXml.WriteTags(xml, target.Existing.Tags);
            xml.WriteElementString("IsTruncated", "false");
        }));
    }

    /// <summary>The profile named by <c>InstanceProfileName</c>; a missing one is authorized on its path-less ARN.</summary>
    private IamTarget<InstanceProfileRecord> Profile(AwsRequestContext c)
    {
        var name = Name(c.Query, "InstanceProfileName", 128);
        var profile = Profiles.Find(IamStore.Key(c.AccountId, name));
        return new(Profiles, IamStore.Key(c.AccountId, name), profile?.Arn ?? IamArn(c, "instance-profile", "/", name), profile,
            () => IamErrors.NoSuchEntity($"Instance Profile {name} cannot be found."));
    }

    private Task List(AwsRequestContext c, IEnumerable<InstanceProfileRecord> profiles)
    {
        var page = Paginate(profiles, p => p.InstanceProfileName.ToLowerInvariant(), c.Query);
        return IamXml.Answer(c, xml =>
        {
            IamXml.WriteMembers(xml, "InstanceProfiles", page.Items, Fields);
            IamXml.WritePaging(xml, page);
        });
    }

    private void Write(XmlWriter xml, InstanceProfileRecord profile)
    {
        xml.WriteStartElement("InstanceProfile");
        Fields(xml, profile);
        xml.WriteEndElement();
    }

    private void Fields(XmlWriter xml, InstanceProfileRecord profile)
    {
        xml.WriteElementString("Path", profile.Path);
        xml.WriteElementString("InstanceProfileName", profile.InstanceProfileName);
        xml.WriteElementString("InstanceProfileId", profile.InstanceProfileId);
        xml.WriteElementString("Arn", profile.Arn);
        xml.WriteElementString("CreateDate", QueryResponse.Timestamp(profile.CreateDate));
        var roles = profile.RoleNames.Select(r => iam.Store.FindRole(profile.AccountId, r)).OfType<RoleRecord>();
        IamXml.WriteMembers(xml, "Roles", roles, (x, r) => IamXml.WriteRoleFields(x, r, full: false));
        if (profile.Tags.Count > 0) IamXml.WriteTags(xml, profile.Tags);
    }
}
