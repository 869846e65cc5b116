using System.Xml;
using Piksel.Emulator.Aws.Hosting;
using Piksel.Emulator.Aws.Identity;
using Piksel.Emulator.Aws.Protocol;

namespace Piksel.Emulator.Aws.Iam;

// IAM users' access keys. They live in IamStore.AccessKeys, where CredentialStore finds them for SigV4.
public sealed partial class IamService
{
    private const int AccessKeysPerUser = 2;

    private void AddAccessKeyOperations()
    {
        Add("CreateAccessKey", CreateAccessKey);
        Add("ListAccessKeys", ListAccessKeys);
        Add("UpdateAccessKey", UpdateAccessKey);
        Add("DeleteAccessKey", DeleteAccessKey);
    }

    private Task CreateAccessKey(AwsRequestContext c)
    {
        var (user, _) = AuthorizedUser(c, "iam:CreateAccessKey", UserNameOrCaller(c));
        var key = new AccessKeyRecord
        {
            AccountId = c.AccountId,
            UserName = user.UserName,
            AccessKeyId = CredentialStore.NewId("AKIA"),
            SecretAccessKey = CredentialStore.NewSecret(),
            CreateDate = Now(c),
        };
        lock (gate)
        {
            if (Iam.FindUser(c.AccountId, user.UserName) is null) throw IamErrors.NoSuchUser(user.UserName);
            if (KeysOf(user).Count() >= AccessKeysPerUser)
                throw IamErrors.LimitExceeded($"Cannot exceed quota for AccessKeysPerUser: {AccessKeysPerUser}");
            Iam.AccessKeys.Put(key.AccessKeyId, key);
        }
        return Answer(c, xml =>
        {
            xml.WriteStartElement("AccessKey");
            WriteKeyFields(xml, key);
            xml.WriteElementString("SecretAccessKey", key.SecretAccessKey);
            xml.WriteEndElement();
        });
    }

    private Task ListAccessKeys(AwsRequestContext c)
    {
        var (user, _) = AuthorizedUser(c, "iam:ListAccessKeys", UserNameOrCaller(c));
        var page = Paginate(KeysOf(user), k => k.AccessKeyId, c.Query);
        return Answer(c, xml =>
        {
            WriteMembers(xml, "AccessKeyMetadata", page.Items, WriteKeyFields);
            WritePaging(xml, page);
        });
    }

    private Task UpdateAccessKey(AwsRequestContext c)
    {
        var id = c.Query.Required("AccessKeyId");
        var status = c.Query.Required("Status");
        if (status is not ("Active" or "Inactive"))
            throw IamErrors.Constraint(status, "status", "Member must satisfy enum value set: [Active, Inactive]");
        var (user, _) = AuthorizedUser(c, "iam:UpdateAccessKey", UserNameOrCaller(c));
        lock (gate)
        {
            Iam.AccessKeys.Update(id, k => k is not null && Owns(user, k) ? k with { Status = status } : throw NoSuchKey(id));
        }
        return Answer(c, null);
    }

    private Task DeleteAccessKey(AwsRequestContext c)
    {
        var id = c.Query.Required("AccessKeyId");
        var (user, _) = AuthorizedUser(c, "iam:DeleteAccessKey", UserNameOrCaller(c));
        lock (gate)
        {
            if (Iam.AccessKeys.Find(id) is not { } key || !Owns(user, key)) throw NoSuchKey(id);
            Iam.AccessKeys.Remove(id);
        }
        return Answer(c, null);
    }

    private static bool Owns(UserRecord user, AccessKeyRecord key) =>
        key.AccountId == user.AccountId && string.Equals(key.UserName, user.UserName, StringComparison.OrdinalIgnoreCase);

    private static AwsServiceException NoSuchKey(string id) => IamErrors.NoSuchEntity($"The Access Key with id {id} cannot be found.");

    private static void WriteKeyFields(XmlWriter xml, AccessKeyRecord key)
    {
        xml.WriteElementString("UserName", key.UserName);
        xml.WriteElementString("AccessKeyId", key.AccessKeyId);
        xml.WriteElementString("Status", key.Status);
        xml.WriteElementString("CreateDate", QueryResponse.Timestamp(key.CreateDate));
    }
}
