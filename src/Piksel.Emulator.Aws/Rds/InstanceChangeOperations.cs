using Piksel.Emulator.Aws.Hosting;
using Piksel.Emulator.Aws.Hosting.Operations;

namespace Piksel.Emulator.Aws.Rds;

/// <summary>ModifyDBInstance, RebootDBInstance, StopDBInstance and StartDBInstance: changes to an instance that exists.</summary>
internal sealed class InstanceChangeOperations(RdsStore store, InstanceLifecycle lifecycle, InstanceDependencies dependencies) : IOperationGroup
{
    public void Register(OperationTable table) => table
        .Add("ModifyDBInstance", "rds:ModifyDBInstance", Modify)
        .Add("RebootDBInstance", "rds:RebootDBInstance", context => Transition(context, "rebooting", ["available"], lifecycle.Reboot))
        .Add("StopDBInstance", "rds:StopDBInstance", context => Transition(context, "stopping", ["available"], lifecycle.Stop))
        .Add("StartDBInstance", "rds:StartDBInstance", context => Transition(context, "starting", ["stopped"], lifecycle.Start));

    private OperationCall Modify(AwsRequestContext context)
    {
        var q = context.Query;
        var id = RdsParameters.Required(q, "DBInstanceIdentifier");
        var password = q.Get("MasterUserPassword") is { } given ? InstanceValidation.Password(given) : null;
        var instanceClass = q.Get("DBInstanceClass") is { } c ? InstanceClasses.Require(c) : null;
        var storage = RdsParameters.Int(q, "AllocatedStorage");
        var retention = RdsParameters.Int(q, "BackupRetentionPeriod") is { } days ? InstanceValidation.BackupRetention(days) : (int?)null;
        var protection = RdsParameters.Bool(q, "DeletionProtection");
        var immediately = RdsParameters.Bool(q, "ApplyImmediately") ?? false;
        var securityGroupIds = RdsParameters.List(q, "VpcSecurityGroupIds", "VpcSecurityGroupId");
        var found = store.FindInstance(context, id);
        var access = found is not null ? RdsAccess.Instance(found) : new Access(RdsStore.Arn(context, "db", RdsStore.NameOf(id, "db")));
        return OperationCall.On(access, () =>
        {
            var db = found is null ? throw RdsErrors.InstanceNotFound(id) : lifecycle.Current(found);
            var status = lifecycle.StatusOf(db);
            if (status is not ("available" or "backing-up")) throw RdsErrors.InvalidInstanceState(db.Identifier, status);
            if (storage is { } gib)
            {
                InstanceValidation.Storage(gib, db.StorageType);
                if (gib < db.AllocatedStorage)
                    throw RdsErrors.InvalidParameterCombination("Invalid storage size: the allocated storage can't be reduced.");
            }
            var group = store.SubnetGroups.Find(RdsStore.Row(db.Account, db.Region, db.SubnetGroupName));
            var groups = securityGroupIds.Count > 0 && group is not null ? dependencies.SecurityGroups(context, securityGroupIds, group.VpcId) : null;
            var now = context.Time.GetUtcNow();
            var resizes = immediately && (instanceClass is not null || storage is not null);
            var updated = store.Instances.Update(RdsStore.Row(context, db.Identifier), current =>
            {
                if (current is null) throw RdsErrors.InstanceNotFound(id);
                var next = current with
                {
                    DeletionProtection = protection ?? current.DeletionProtection,
                    BackupRetentionPeriod = retention ?? current.BackupRetentionPeriod,
                    SecurityGroupIds = groups ?? current.SecurityGroupIds,
                    InstanceClass = immediately ? instanceClass ?? current.InstanceClass : current.InstanceClass,
                    AllocatedStorage = immediately ? storage ?? current.AllocatedStorage : current.AllocatedStorage,
                    PendingInstanceClass = immediately ? null : instanceClass ?? current.PendingInstanceClass,
                    PendingAllocatedStorage = immediately ? null : storage ?? current.PendingAllocatedStorage,
                };
                if (password is null && !resizes) return next;
                // A new password or an immediate resize: modifying until the server has it.
                return next with { Status = "modifying", SettlesAt = password is null ? now + lifecycle.Options.Transition : null, PasswordPending = password is not null };
            })!;
            if (password is not null) lifecycle.SetPassword(updated, password, now);
            return RdsAccess.Respond(context, xml => InstanceXml.Write(xml, updated, lifecycle.StatusOf(updated), group));
        });
    }

    private OperationCall Transition(AwsRequestContext context, string phase, string[] from, Action<DbInstanceRecord, DateTimeOffset> work)
    {
        var id = RdsParameters.Required(context.Query, "DBInstanceIdentifier");
        var found = store.FindInstance(context, id);
        var access = found is not null ? RdsAccess.Instance(found) : new Access(RdsStore.Arn(context, "db", RdsStore.NameOf(id, "db")));
        return OperationCall.On(access, () =>
        {
            var db = found is null ? throw RdsErrors.InstanceNotFound(id) : lifecycle.Current(found);
            var status = lifecycle.StatusOf(db);
            if (!from.Contains(status, StringComparer.Ordinal)) throw RdsErrors.InvalidInstanceState(db.Identifier, status);
            var now = context.Time.GetUtcNow();
            var updated = store.Instances.Update(RdsStore.Row(context, db.Identifier), current =>
                current is null ? throw RdsErrors.InstanceNotFound(id) : current with { Status = phase, SettlesAt = null })!;
            work(updated, now);
            var group = store.SubnetGroups.Find(RdsStore.Row(db.Account, db.Region, db.SubnetGroupName));
            return RdsAccess.Respond(context, xml => InstanceXml.Write(xml, updated, phase, group));
        });
    }
}
