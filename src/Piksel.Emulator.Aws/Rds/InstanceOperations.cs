using Piksel.Emulator.Aws.Hosting;
using Piksel.Emulator.Aws.Hosting.Operations;

namespace Piksel.Emulator.Aws.Rds;

/// <summary>CreateDBInstance, DescribeDBInstances and DeleteDBInstance for the postgres engine.</summary>
internal sealed class InstanceOperations(RdsStore store, InstanceLifecycle lifecycle, InstanceDependencies dependencies, EngineCatalog engines) : IOperationGroup
{
    public void Register(OperationTable table) => table
        .Add("CreateDBInstance", "rds:CreateDBInstance", Create)
        .Add("DescribeDBInstances", "rds:DescribeDBInstances", Describe)
        .Add("DeleteDBInstance", "rds:DeleteDBInstance", Delete);

    private OperationCall Create(AwsRequestContext context)
    {
        var q = context.Query;
        var id = InstanceValidation.Identifier(RdsParameters.Required(q, "DBInstanceIdentifier"), "DBInstanceIdentifier");
        var instanceClass = RdsParameters.Required(q, "DBInstanceClass");
        var engine = RdsParameters.Required(q, "Engine");
        if (engine != "postgres") throw RdsErrors.InvalidParameterValue("Invalid DB engine");
        InstanceClasses.Require(instanceClass);
        var version = engines.Resolve(q.Get("EngineVersion"));
        var username = InstanceValidation.Username(RdsParameters.Required(q, "MasterUsername"));
        var manage = RdsParameters.Bool(q, "ManageMasterUserPassword") ?? false;
        var password = q.Get("MasterUserPassword");
        if (manage && password is not null)
            throw RdsErrors.InvalidParameterCombination("You can't specify MasterUserPassword when ManageMasterUserPassword is turned on.");
        if (!manage) password = InstanceValidation.Password(password ?? throw RdsErrors.InvalidParameterValue("The parameter MasterUserPassword must be provided and must not be blank."));
        var storageType = q.Get("StorageType") ?? "gp3";
        if (storageType is not ("gp3" or "gp2" or "io1" or "io2")) throw RdsErrors.InvalidParameterValue($"Invalid storage type: {RdsParameters.Printable(storageType)}");
        var storage = InstanceValidation.Storage(RdsParameters.Int(q, "AllocatedStorage") ?? throw RdsErrors.InvalidParameterValue("Invalid storage size for engine name postgres and storage type gp3: 0"), storageType);
        var encrypted = RdsParameters.Bool(q, "StorageEncrypted") ?? false;
        var keyId = q.Get("KmsKeyId");
        if (keyId is not null && !encrypted) throw RdsErrors.InvalidParameterCombination("You must enable StorageEncrypted when you specify KmsKeyId for DB engine postgres");
        var dbName = q.Get("DBName") is { } name ? InstanceValidation.DbName(name) : null;
        var port = InstanceValidation.Port(RdsParameters.Int(q, "Port") ?? 5432);
        var retention = InstanceValidation.BackupRetention(RdsParameters.Int(q, "BackupRetentionPeriod") ?? 1);
        var multiAz = RdsParameters.Bool(q, "MultiAZ") ?? false;
        var subnetGroupName = q.Get("DBSubnetGroupName") ?? throw RdsErrors.InvalidParameterValue("This emulator places DB instances in a VPC: DBSubnetGroupName is required.");
        var parameterGroupName = q.Get("DBParameterGroupName") ?? $"default.{EngineCatalog.Family(version)}";
        var securityGroupIds = RdsParameters.List(q, "VpcSecurityGroupIds", "VpcSecurityGroupId");
        var tags = RdsParameters.Tags(q);
        var arn = RdsStore.Arn(context, "db", id);
        var keys = RdsAccess.InstanceKeys(instanceClass, encrypted, storage, multiAz);
        var call = OperationCall.On(RdsAccess.Creating(arn, tags, keys), () =>
        {
            var group = store.SubnetGroups.Find(RdsStore.Row(context, subnetGroupName)) ?? throw RdsErrors.SubnetGroupNotFound(subnetGroupName);
            var parameters = ParameterGroupOperations.Find(store, context, parameterGroupName) ?? throw RdsErrors.ParameterGroupNotFound(parameterGroupName);
            if (parameters.Family != EngineCatalog.Family(version))
                throw RdsErrors.InvalidParameterCombination($"The parameter group {parameters.Name} with DBParameterGroupFamily {parameters.Family} can't be used for this instance. Use a parameter group with DBParameterGroupFamily {EngineCatalog.Family(version)}.");
            var groups = dependencies.SecurityGroups(context, securityGroupIds, group.VpcId);
            var kmsKeyArn = encrypted ? dependencies.StorageKey(context, keyId) : null;
            if (store.FindInstance(context, id) is not null) throw RdsErrors.InstanceExists();
            try { lifecycle.Servers.EnsureAvailable(); }
            catch (DatabaseServerUnavailableException e) { throw RdsErrors.InsufficientCapacity(e.Message); }

            var now = context.Time.GetUtcNow();
            var secretArn = manage ? InstanceDependencies.NewSecretArn(context) : null;
            var db = new DbInstanceRecord
            {
                Account = context.AccountId,
                Region = context.Region,
                Identifier = id,
                Arn = arn,
                DbiResourceId = RdsStore.NewResourceId(),
                InstanceClass = instanceClass,
                EngineVersion = version,
                MasterUsername = username,
                DbName = dbName,
                AllocatedStorage = storage,
                StorageType = storageType,
                Port = port,
                SubnetGroupName = group.Name,
                ParameterGroupName = parameters.Name,
                SecurityGroupIds = groups,
                StorageEncrypted = encrypted,
                KmsKeyArn = kmsKeyArn,
                DeletionProtection = RdsParameters.Bool(q, "DeletionProtection") ?? false,
                BackupRetentionPeriod = retention,
                PubliclyAccessible = RdsParameters.Bool(q, "PubliclyAccessible") ?? false,
                MultiAz = multiAz,
                AvailabilityZone = group.Subnets[0].AvailabilityZone,
                Tags = tags,
                CreatedAt = now,
                Status = "creating",
                ServerKey = $"{context.AccountId}-{context.Region}-{id}",
                MasterSecretArn = secretArn,
            };
            if (secretArn is not null)
            {
                var (generated, secretKey) = dependencies.CreateMasterSecret(context, secretArn, username, arn);
                password = generated;
                db = db with { MasterSecretKmsKeyArn = secretKey };
            }
            if (!store.Instances.TryAdd(RdsStore.Row(context, id), db)) throw RdsErrors.InstanceExists();
            lifecycle.Create(db, password!);
            return RdsAccess.Respond(context, xml => InstanceXml.Write(xml, db, "creating", group));
        });
        if (tags.Count > 0) call.AndAlso("rds:AddTagsToResource", RdsAccess.Creating(arn, tags));
        // The instance's condition keys (rds:DatabaseEngine, rds:StorageEncrypted, request tags) hold for every resource
        // the action is authorized on, or an Allow conditioned on them with Resource "*" would never match the groups.
        call.AndAlso("rds:CreateDBInstance", RdsAccess.Creating(RdsStore.Arn(context, "subgrp", subnetGroupName), tags, keys));
        call.AndAlso("rds:CreateDBInstance", RdsAccess.Creating(RdsStore.Arn(context, "pg", parameterGroupName), tags, keys));
        if (manage) call.AndAlso("secretsmanager:CreateSecret", $"arn:aws:secretsmanager:{context.Region}:{context.AccountId}:secret:rds!*");
        return call;
    }

    private OperationCall Describe(AwsRequestContext context)
    {
        var id = context.Query.Get("DBInstanceIdentifier");
        var filters = RdsParameters.Filters(context.Query);
        foreach (var (filterName, _) in filters)
        {
            if (filterName is not ("db-instance-id" or "engine" or "dbi-resource-id" or "db-cluster-id" or "domain"))
                throw RdsErrors.InvalidParameterValue($"Unrecognized filter name: {RdsParameters.Printable(filterName)}");
        }
        var found = id is null ? null : store.FindInstance(context, id);
        var access = found is not null ? RdsAccess.Instance(found)
            : new Access(id is null ? RdsAccess.All(context, "db") : RdsStore.Arn(context, "db", RdsStore.NameOf(id, "db")));
        return OperationCall.On(access, () =>
        {
            if (id is not null && found is null) throw RdsErrors.InstanceNotFound(id);
            var all = (found is not null ? [found] : store.Instances.Values.Where(i => i.Account == context.AccountId && i.Region == context.Region))
                .Select(lifecycle.Current)
                .Where(i => filters.All(f => Matches(i, f.Name, f.Values)))
                .OrderBy(i => i.Identifier, StringComparer.Ordinal).ToList();
            var (page, next) = RdsAccess.Page(context, all);
            return RdsAccess.Respond(context, xml =>
            {
                xml.WriteStartElement("DBInstances");
                foreach (var db in page) InstanceXml.Write(xml, db, lifecycle.StatusOf(db), store.SubnetGroups.Find(RdsStore.Row(db.Account, db.Region, db.SubnetGroupName)));
                xml.WriteEndElement();
                if (next is not null) xml.WriteElementString("Marker", next);
            });
        });
    }

    private static bool Matches(DbInstanceRecord db, string name, IReadOnlyList<string> values) => name switch
    {
        "db-instance-id" => values.Any(v => v == db.Arn || string.Equals(v, db.Identifier, StringComparison.OrdinalIgnoreCase)),
        "engine" => values.Contains(db.Engine, StringComparer.Ordinal),
        "dbi-resource-id" => values.Contains(db.DbiResourceId, StringComparer.Ordinal),
        _ => false,
    };

    private OperationCall Delete(AwsRequestContext context)
    {
        var q = context.Query;
        var id = RdsParameters.Required(q, "DBInstanceIdentifier");
        var skip = RdsParameters.Bool(q, "SkipFinalSnapshot") ?? false;
        var snapshotId = q.Get("FinalDBSnapshotIdentifier");
        var found = store.FindInstance(context, id);
        var access = found is not null ? RdsAccess.Instance(found) : new Access(RdsStore.Arn(context, "db", RdsStore.NameOf(id, "db")));
        return OperationCall.On(access, () =>
        {
            var db = found is null ? throw RdsErrors.InstanceNotFound(id) : lifecycle.Current(found);
            if (db.DeletionProtection)
                throw RdsErrors.InvalidParameterCombination("Cannot delete protected DB Instance, please disable deletion protection and try again.");
            if (skip && snapshotId is not null)
                throw RdsErrors.InvalidParameterCombination("Cannot specify both SkipFinalSnapshot and FinalDBSnapshotIdentifier.");
            if (!skip && snapshotId is null)
                throw RdsErrors.InvalidParameterCombination("FinalDBSnapshotIdentifier is required unless SkipFinalSnapshot is specified.");
            var status = lifecycle.StatusOf(db);
            if (status == "deleting") throw RdsErrors.InvalidInstanceState(db.Identifier, status);
            DbSnapshotRecord? snapshot = null;
            if (snapshotId is not null)
            {
                var snapshotName = InstanceValidation.Identifier(snapshotId, "FinalDBSnapshotIdentifier");
                if (status is not ("available" or "stopped"))
                    throw RdsErrors.InvalidInstanceState(db.Identifier, status);
                snapshot = SnapshotOperations.Of(context, db, snapshotName, context.Time.GetUtcNow());
                if (!store.Snapshots.TryAdd(RdsStore.Row(context, snapshotName), snapshot)) throw RdsErrors.SnapshotExists(snapshotName);
            }
            var deleting = store.Instances.Update(RdsStore.Row(context, db.Identifier), current => current is null
                ? throw RdsErrors.InstanceNotFound(id)
                : current with { Status = "deleting", SettlesAt = null })!;
            store.AddEvent(deleting, snapshot is null ? "DB instance deleted" : $"DB instance deleted; final snapshot {snapshot.Identifier} made", context.Time.GetUtcNow());
            lifecycle.Delete(deleting);
            return RdsAccess.Respond(context, xml => InstanceXml.Write(xml, deleting, "deleting", store.SubnetGroups.Find(RdsStore.Row(db.Account, db.Region, db.SubnetGroupName))));
        });
    }
}
