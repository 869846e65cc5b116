using Piksel.Emulator.Aws.Hosting;
using Piksel.Emulator.Aws.Hosting.Operations;
using Piksel.Emulator.Aws.Identity;
using Piksel.Emulator.Aws.Protocol;
using static Piksel.Emulator.Aws.Iam.IamParameters;

namespace Piksel.Emulator.Aws.Iam;

/// <summary>Users: create, read, list, delete. GetUser without a name answers the caller, as IAM does.</summary>
internal sealed class UserOperations(IamEntities iam) : IOperationGroup
{
    /// <inheritdoc />
    public void Register(OperationTable table) => table
        .Add("CreateUser", "iam:CreateUser", CreateUser)
        .Add("GetUser", "iam:GetUser", GetUser)
        .Add("ListUsers", "iam:ListUsers", ListUsers)
        .Add("DeleteUser", "iam:DeleteUser", DeleteUser);

    private OperationCall CreateUser(AwsRequestContext c)
    {
        var name = Name(c.Query, "UserName", 64);
        var path = EntityPath(c.Query);
        var boundary = c.Query.Get("PermissionsBoundary") is { } b ? iam.BoundaryArn(b) : null;
        var tags = IamTags.Read(c.Query);
        var arn = IamArn(c, "user", path, name);
        return OperationCall.On(arn, () =>
        {
            var user = new UserRecord
            {
                AccountId = c.AccountId,
                UserName = name,
                UserId = CredentialStore.NewId("AIDA"),
                Path = path,
                Arn = arn,
                PermissionsBoundaryArn = boundary,
                Tags = tags,
                CreateDate = iam.Now(),
            };
            iam.Write(() =>
            {
                if (!iam.Store.Users.TryAdd(IamStore.Key(c.AccountId, name), user))
                    throw IamErrors.AlreadyExists($"User with name {name} already exists.");
            });
            return IamXml.Answer(c, xml => IamXml.WriteUser(xml, user, full: true));
        });
    }

    private OperationCall GetUser(AwsRequestContext c)
    {
        if (c.Query.Get("UserName") is null && c.Caller.Kind == PrincipalKind.Root)
        {
            // The root user is no IAM user: IAM answers its id and ARN without a name or path.
            return OperationCall.On(c.Caller.Arn, () => IamXml.Answer(c, xml =>
            {
                xml.WriteStartElement("User");
                xml.WriteElementString("UserId", c.AccountId);
                xml.WriteElementString("Arn", c.Caller.Arn);
                xml.WriteElementString("CreateDate", QueryResponse.Timestamp(DateTimeOffset.UnixEpoch));
                xml.WriteEndElement();
            }));
        }
        var target = iam.User(c, UserNameOrCaller(c));
        return OperationCall.On(target.Arn, () =>
        {
            var user = target.Existing;
            return IamXml.Answer(c, xml => IamXml.WriteUser(xml, user, full: true));
        });
    }

    private OperationCall ListUsers(AwsRequestContext c)
    {
        var prefix = PathPrefix(c.Query);
        return OperationCall.On(Access.Any, () =>
        {
            var users = iam.Store.Users.Values.Where(u => u.AccountId == c.AccountId && u.Path.StartsWith(prefix, StringComparison.Ordinal));
            var page = Paginate(users, u => u.UserName.ToLowerInvariant(), c.Query);
            return IamXml.Answer(c, xml =>
            {
                IamXml.WriteMembers(xml, "Users", page.Items, (x, u) => IamXml.WriteUserFields(x, u, full: false));
                IamXml.WritePaging(xml, page);
            });
        });
    }

    private OperationCall DeleteUser(AwsRequestContext c)
    {
        var target = iam.User(c, Name(c.Query, "UserName", 64));
        return OperationCall.On(target.Arn, () =>
        {
            var user = target.Existing;
            iam.Write(() =>
            {
                var current = iam.Store.Users.Find(target.Key) ?? throw IamErrors.NoSuchUser(user.UserName);
                if (iam.KeysOf(current).Any()) throw IamErrors.DeleteConflict("Cannot delete entity, must delete access keys first.");
                if (current.InlinePolicies.Count > 0) throw IamErrors.DeleteConflict("Cannot delete entity, must delete policies first.");
                if (current.AttachedPolicyArns.Count > 0) throw IamErrors.DeleteConflict("Cannot delete entity, must detach all policies first.");
                iam.Store.Users.Remove(target.Key);
            });
            return IamXml.Answer(c, null);
        });
    }
}
