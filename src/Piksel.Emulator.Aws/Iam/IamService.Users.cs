using Piksel.Emulator.Aws.Policy;
using Piksel.Emulator.Aws.Hosting;
using Piksel.Emulator.Aws.Identity;
using Piksel.Emulator.Aws.Protocol;

namespace Piksel.Emulator.Aws.Iam;

// Users with their inline and attached policies. GetUser without a name answers the caller, as IAM does.
public sealed partial class IamService
{
    private void AddUserOperations()
    {
        Add("CreateUser", CreateUser);
        Add("GetUser", GetUser);
        Add("ListUsers", ListUsers);
        Add("DeleteUser", DeleteUser);
        Add("PutUserPolicy", PutUserPolicy);
        Add("GetUserPolicy", GetUserPolicy);
        Add("ListUserPolicies", ListUserPolicies);
        Add("DeleteUserPolicy", DeleteUserPolicy);
        Add("AttachUserPolicy", AttachUserPolicy);
        Add("DetachUserPolicy", DetachUserPolicy);
        Add("ListAttachedUserPolicies", ListAttachedUserPolicies);
    }

    private Task CreateUser(AwsRequestContext c)
    {
        var name = Name(c.Query, "UserName", 64);
        var path = EntityPath(c.Query);
        var boundary = c.Query.Get("PermissionsBoundary") is { } b ? BoundaryArn(b) : null;
        var tags = RequestTags(c.Query);
        var arn = IamArn(c, "user", path, name);
        c.Authorize("iam:CreateUser", arn);
        var user = new UserRecord
        {
            AccountId = c.AccountId,
            UserName = name,
            UserId = CredentialStore.NewId("AIDA"),
            Path = path,
            Arn = arn,
            PermissionsBoundaryArn = boundary,
            Tags = tags,
            CreateDate = Now(c),
        };
        lock (gate)
        {
            if (!Iam.Users.TryAdd(IamStore.Key(c.AccountId, name), user))
                throw IamErrors.AlreadyExists($"User with name {name} already exists.");
        }
        return Answer(c, xml => WriteUser(xml, user, full: true));
    }

    private Task GetUser(AwsRequestContext c)
    {
        if (c.Query.Get("UserName") is null && c.Caller.Kind == PrincipalKind.Root)
        {
            // The root user is no IAM user: IAM answers its id and ARN without a name or path.
            c.Authorize("iam:GetUser", c.Caller.Arn);
            return Answer(c, xml =>
            {
                xml.WriteStartElement("User");
                xml.WriteElementString("UserId", c.AccountId);
                xml.WriteElementString("Arn", c.Caller.Arn);
                xml.WriteElementString("CreateDate", QueryResponse.Timestamp(DateTimeOffset.UnixEpoch));
                xml.WriteEndElement();
            });
        }
        var (user, _) = AuthorizedUser(c, "iam:GetUser", UserNameOrCaller(c));
        return Answer(c, xml => WriteUser(xml, user, full: true));
    }

    private Task ListUsers(AwsRequestContext c)
    {
        var prefix = PathPrefix(c.Query);
        c.Authorize("iam:ListUsers", "*");
        var users = Iam.Users.Values.Where(u => u.AccountId == c.AccountId && u.Path.StartsWith(prefix, StringComparison.Ordinal));
        var page = Paginate(users, u => u.UserName.ToLowerInvariant(), c.Query);
        return Answer(c, xml =>
        {
            WriteMembers(xml, "Users", page.Items, (x, u) => WriteUserFields(x, u, full: false));
            WritePaging(xml, page);
        });
    }

    private Task DeleteUser(AwsRequestContext c)
    {
        var (user, key) = AuthorizedUser(c, "iam:DeleteUser", Name(c.Query, "UserName", 64));
        lock (gate)
        {
            var current = Iam.Users.Find(key) ?? throw IamErrors.NoSuchUser(user.UserName);
            if (KeysOf(current).Any()) throw IamErrors.DeleteConflict("Cannot delete entity, must delete access keys first.");
            if (current.InlinePolicies.Count > 0) throw IamErrors.DeleteConflict("Cannot delete entity, must delete policies first.");
            if (current.AttachedPolicyArns.Count > 0) throw IamErrors.DeleteConflict("Cannot delete entity, must detach all policies first.");
            Iam.Users.Remove(key);
        }
        return Answer(c, null);
    }

    private Task PutUserPolicy(AwsRequestContext c)
    {
        var policyName = Name(c.Query, "PolicyName", 128);
        var document = Document(c.Query, PolicyUsage.Identity);
        var (user, key) = AuthorizedUser(c, "iam:PutUserPolicy", Name(c.Query, "UserName", 64));
        lock (gate)
        {
            Iam.Users.Update(key, u =>
            {
                if (u is null) throw IamErrors.NoSuchUser(user.UserName);
                var policies = WithInline(u.InlinePolicies, policyName, document);
                // Users have a smaller inline quota than roles.
                if (InlineSize(policies) > 2048) throw IamErrors.LimitExceeded($"Maximum policy size of 2048 bytes exceeded for user {u.UserName}");
                return u with { InlinePolicies = policies };
            });
        }
        return Answer(c, null);
    }

    private Task GetUserPolicy(AwsRequestContext c)
    {
        var policyName = Name(c.Query, "PolicyName", 128);
        var (user, _) = AuthorizedUser(c, "iam:GetUserPolicy", Name(c.Query, "UserName", 64));
        var document = user.InlinePolicies.GetValueOrDefault(policyName)
            ?? throw IamErrors.NoSuchEntity($"The user policy with name {policyName} cannot be found.");
        return Answer(c, xml =>
        {
            xml.WriteElementString("UserName", user.UserName);
            xml.WriteElementString("PolicyName", policyName);
            xml.WriteElementString("PolicyDocument", Encode(document));
        });
    }

    private Task ListUserPolicies(AwsRequestContext c)
    {
        var (user, _) = AuthorizedUser(c, "iam:ListUserPolicies", Name(c.Query, "UserName", 64));
        var page = Paginate(user.InlinePolicies.Keys, n => n, c.Query);
        return Answer(c, xml =>
        {
            WriteStrings(xml, "PolicyNames", page.Items);
            WritePaging(xml, page);
        });
    }

    private Task DeleteUserPolicy(AwsRequestContext c)
    {
        var policyName = Name(c.Query, "PolicyName", 128);
        var (user, key) = AuthorizedUser(c, "iam:DeleteUserPolicy", Name(c.Query, "UserName", 64));
        lock (gate)
        {
            Iam.Users.Update(key, u =>
            {
                if (u is null) throw IamErrors.NoSuchUser(user.UserName);
                if (!u.InlinePolicies.ContainsKey(policyName)) throw IamErrors.NoSuchEntity($"The user policy with name {policyName} cannot be found.");
                return u with { InlinePolicies = WithoutInline(u.InlinePolicies, policyName) };
            });
        }
        return Answer(c, null);
    }

    private Task AttachUserPolicy(AwsRequestContext c)
    {
        var policyArn = PolicyArnParameter(c.Query);
        var (user, key) = AuthorizedUser(c, "iam:AttachUserPolicy", Name(c.Query, "UserName", 64));
        lock (gate)
        {
            RequireAttachable(c, policyArn);
            Iam.Users.Update(key, u =>
            {
                if (u is null) throw IamErrors.NoSuchUser(user.UserName);
                if (u.AttachedPolicyArns.Contains(policyArn, StringComparer.Ordinal)) return u;
                if (u.AttachedPolicyArns.Count >= AttachedPolicyQuota)
                    throw IamErrors.LimitExceeded($"Cannot exceed quota for PoliciesPerUser: {AttachedPolicyQuota}");
                return u with { AttachedPolicyArns = [.. u.AttachedPolicyArns, policyArn] };
            });
        }
        return Answer(c, null);
    }

    private Task DetachUserPolicy(AwsRequestContext c)
    {
        var policyArn = PolicyArnParameter(c.Query);
        var (user, key) = AuthorizedUser(c, "iam:DetachUserPolicy", Name(c.Query, "UserName", 64));
        lock (gate)
        {
            Iam.Users.Update(key, u =>
            {
                if (u is null) throw IamErrors.NoSuchUser(user.UserName);
                if (!u.AttachedPolicyArns.Contains(policyArn, StringComparer.Ordinal)) throw IamErrors.NoSuchEntity($"Policy {policyArn} was not found.");
                return u with { AttachedPolicyArns = u.AttachedPolicyArns.Where(a => a != policyArn).ToList() };
            });
        }
        return Answer(c, null);
    }

    private Task ListAttachedUserPolicies(AwsRequestContext c)
    {
        var prefix = PathPrefix(c.Query);
        var (user, _) = AuthorizedUser(c, "iam:ListAttachedUserPolicies", Name(c.Query, "UserName", 64));
        return ListAttached(c, user.AttachedPolicyArns, prefix);
    }

    /// <summary>Authorizes <paramref name="action"/> on the user, then finds it (404 when missing).</summary>
    private (UserRecord User, string Key) AuthorizedUser(AwsRequestContext c, string action, string name)
    {
        var user = Iam.FindUser(c.AccountId, name);
        c.Authorize(action, user?.Arn ?? IamArn(c, "user", "/", name));
        return (user ?? throw IamErrors.NoSuchUser(name), IamStore.Key(c.AccountId, name));
    }

    private IEnumerable<AccessKeyRecord> KeysOf(UserRecord user) =>
        Iam.AccessKeys.Values.Where(k => k.AccountId == user.AccountId && string.Equals(k.UserName, user.UserName, StringComparison.OrdinalIgnoreCase));
}
