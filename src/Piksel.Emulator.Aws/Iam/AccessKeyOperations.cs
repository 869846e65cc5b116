using System.Xml;
using Piksel.Emulator.Aws.Hosting;
using Piksel.Emulator.Aws.Hosting.Operations;
using Piksel.Emulator.Aws.Identity;
using Piksel.Emulator.Aws.Protocol;
using static Piksel.Emulator.Aws.Iam.IamParameters;

namespace Piksel.Emulator.Aws.Iam;

/// <summary>IAM users' access keys. They live in <see cref="IamStore.AccessKeys"/>, where <see cref="CredentialStore"/> finds them for SigV4.</summary>
internal sealed class AccessKeyOperations(IamEntities iam) : IOperationGroup
{
    private const int AccessKeysPerUser = 2;

    /// <inheritdoc />
    public void Register(OperationTable table) => table
        .Add("CreateAccessKey", "iam:CreateAccessKey", CreateAccessKey)
        .Add("ListAccessKeys", "iam:ListAccessKeys", ListAccessKeys)
        .Add("UpdateAccessKey", "iam:UpdateAccessKey", UpdateAccessKey)
        .Add("DeleteAccessKey", "iam:DeleteAccessKey", DeleteAccessKey);

    private OperationCall CreateAccessKey(AwsRequestContext c)
    {
        var target = iam.User(c, UserNameOrCaller(c));
        return OperationCall.On(target.Arn, () =>
        {
            var user = target.Existing;
            var key = new AccessKeyRecord
            {
                AccountId = c.AccountId,
                UserName = user.UserName,
                AccessKeyId = CredentialStore.NewId("AKIA"),
                SecretAccessKey = CredentialStore.NewSecret(),
                CreateDate = iam.Now(),
            };
            iam.Write(() =>
            {
                if (iam.Store.FindUser(c.AccountId, user.UserName) is null) throw IamErrors.NoSuchUser(user.UserName);
                if (iam.KeysOf(user).Count() >= AccessKeysPerUser)
                    throw IamErrors.LimitExceeded($"Cannot exceed quota for AccessKeysPerUser: {AccessKeysPerUser}");
                iam.Store.AccessKeys.Put(key.AccessKeyId, key);
            });
            return IamXml.Answer(c, xml =>
            {
                xml.WriteStartElement("AccessKey");
                WriteKeyFields(xml, key);
                xml.WriteElementString("SecretAccessKey", key.SecretAccessKey);
                xml.WriteEndElement();
            });
        });
    }

    private OperationCall ListAccessKeys(AwsRequestContext c)
    {
        var target = iam.User(c, UserNameOrCaller(c));
        return OperationCall.On(target.Arn, () =>
        {
            var page = Paginate(iam.KeysOf(target.Existing), k => k.AccessKeyId, c.Query);
            return IamXml.Answer(c, xml =>
            {
                IamXml.WriteMembers(xml, "AccessKeyMetadata", page.Items, WriteKeyFields);
                IamXml.WritePaging(xml, page);
            });
        });
    }

    private OperationCall UpdateAccessKey(AwsRequestContext c)
    {
        var id = c.Query.Required("AccessKeyId");
        var status = c.Query.Required("Status");
        if (status is not ("Active" or "Inactive"))
            throw IamErrors.Constraint(status, "status", "Member must satisfy enum value set: [Active, Inactive]");
        var target = iam.User(c, UserNameOrCaller(c));
        return OperationCall.On(target.Arn, () =>
        {
            var user = target.Existing;
            iam.Write(() => iam.Store.AccessKeys.Update(id, k => k is not null && Owns(user, k) ? k with { Status = status } : throw NoSuchKey(id)));
            return IamXml.Answer(c, null);
        });
    }

    private OperationCall DeleteAccessKey(AwsRequestContext c)
    {
        var id = c.Query.Required("AccessKeyId");
        var target = iam.User(c, UserNameOrCaller(c));
        return OperationCall.On(target.Arn, () =>
        {
            var user = target.Existing;
            iam.Write(() =>
            {
                if (iam.Store.AccessKeys.Find(id) is not { } key || !Owns(user, key)) throw NoSuchKey(id);
                iam.Store.AccessKeys.Remove(id);
            });
            return IamXml.Answer(c, null);
        });
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
