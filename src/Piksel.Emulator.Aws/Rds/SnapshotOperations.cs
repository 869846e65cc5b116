using Piksel.Emulator.Aws.Hosting;
using Piksel.Emulator.Aws.Hosting.Operations;

namespace Piksel.Emulator.Aws.Rds;

/// <summary>DB snapshots (final snapshots of deleted instances): their metadata only; the emulator keeps no copy of the data.</summary>
internal sealed class SnapshotOperations(RdsStore store) : IOperationGroup
{
    public void Register(OperationTable table) => table
        .Add("DescribeDBSnapshots", "rds:DescribeDBSnapshots", Describe)
        .Add("DeleteDBSnapshot", "rds:DeleteDBSnapshot", Delete);

    /// <summary>A snapshot of <paramref name="db"/> taken at <paramref name="at"/>.</summary>
    public static DbSnapshotRecord Of(AwsRequestContext context, DbInstanceRecord db, string name, DateTimeOffset at) =>
        new(db.Account, db.Region, name, RdsStore.Arn(context, "snapshot", name), db.Identifier)
        {
            CreatedAt = at,
            InstanceCreatedAt = db.CreatedAt,
            EngineVersion = db.EngineVersion,
            AllocatedStorage = db.AllocatedStorage,
            Port = db.Port,
            MasterUsername = db.MasterUsername,
            DbiResourceId = db.DbiResourceId,
            AvailabilityZone = db.AvailabilityZone,
            Encrypted = db.StorageEncrypted,
            KmsKeyArn = db.KmsKeyArn,
        };

    private OperationCall Describe(AwsRequestContext context)
    {
        var id = context.Query.Get("DBSnapshotIdentifier");
        var instance = context.Query.Get("DBInstanceIdentifier");
        var found = id is null ? null : store.Snapshots.Find(RdsStore.Row(context, RdsStore.NameOf(id, "snapshot")));
        var access = found is not null ? RdsAccess.Tagged(found.Arn, "snapshot", found.Tags)
            : new Access(id is null ? RdsAccess.All(context, "snapshot") : RdsStore.Arn(context, "snapshot", RdsStore.NameOf(id, "snapshot")));
        return OperationCall.On(access, () =>
        {
            if (id is not null && found is null) throw RdsErrors.SnapshotNotFound(id);
            var all = (found is not null ? [found] : store.Snapshots.Values.Where(s => s.Account == context.AccountId && s.Region == context.Region))
                .Where(s => instance is null || string.Equals(s.InstanceIdentifier, RdsStore.NameOf(instance, "db"), StringComparison.OrdinalIgnoreCase))
                .OrderBy(s => s.Identifier, StringComparer.Ordinal).ToList();
            var (page, next) = RdsAccess.Page(context, all);
            return RdsAccess.Respond(context, xml =>
            {
                xml.WriteStartElement("DBSnapshots");
                foreach (var snapshot in page) RdsXml.Snapshot(xml, snapshot);
                xml.WriteEndElement();
                if (next is not null) xml.WriteElementString("Marker", next);
            });
        });
    }

    private OperationCall Delete(AwsRequestContext context)
    {
        var id = RdsParameters.Required(context.Query, "DBSnapshotIdentifier");
        var found = store.Snapshots.Find(RdsStore.Row(context, id));
        var access = found is not null ? RdsAccess.Tagged(found.Arn, "snapshot", found.Tags) : new Access(RdsStore.Arn(context, "snapshot", id));
        return OperationCall.On(access, () =>
        {
            if (found is null || !store.Snapshots.Remove(RdsStore.Row(context, id))) throw RdsErrors.SnapshotNotFound(id);
            return RdsAccess.Respond(context, xml => RdsXml.Snapshot(xml, found));
        });
    }
}
