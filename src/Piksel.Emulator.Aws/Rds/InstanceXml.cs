using System.Xml;
using Piksel.Emulator.Aws.Protocol;

namespace Piksel.Emulator.Aws.Rds;

/// <summary>A DBInstance element as RDS writes it, with its status as of the moment it is described.</summary>
internal static class InstanceXml
{
    public static void Write(XmlWriter xml, DbInstanceRecord db, string status, DbSubnetGroupRecord? group, string element = "DBInstance")
    {
        xml.WriteStartElement(element);
        xml.WriteElementString("DBInstanceIdentifier", db.Identifier);
        xml.WriteElementString("DBInstanceClass", db.InstanceClass);
        xml.WriteElementString("Engine", db.Engine);
        xml.WriteElementString("DBInstanceStatus", status);
        xml.WriteElementString("MasterUsername", db.MasterUsername);
        xml.WriteOptional("DBName", db.DbName);
        // RDS gives the endpoint once the server answers; never while it is being made.
        if (db.EndpointHost is { } host && db.EndpointPort is { } port && status is not "creating" and not "failed" and not "stopped")
        {
            xml.WriteStartElement("Endpoint");
            xml.WriteElementString("Address", host);
            RdsXml.Int(xml, "Port", port);
            xml.WriteElementString("HostedZoneId", RdsXml.HostedZoneId);
            xml.WriteEndElement();
        }
        RdsXml.Int(xml, "AllocatedStorage", db.AllocatedStorage);
        xml.WriteElementString("InstanceCreateTime", QueryResponse.Timestamp(db.CreatedAt));
        xml.WriteElementString("PreferredBackupWindow", "03:00-03:30");
        RdsXml.Int(xml, "BackupRetentionPeriod", db.BackupRetentionPeriod);
        xml.WriteStartElement("DBSecurityGroups");
        xml.WriteEndElement();
        xml.WriteStartElement("VpcSecurityGroups");
        foreach (var sg in db.SecurityGroupIds)
        {
            xml.WriteStartElement("VpcSecurityGroupMembership");
            xml.WriteElementString("VpcSecurityGroupId", sg);
            xml.WriteElementString("Status", "active");
            xml.WriteEndElement();
        }
        xml.WriteEndElement();
        xml.WriteStartElement("DBParameterGroups");
        xml.WriteStartElement("DBParameterGroup");
        xml.WriteElementString("DBParameterGroupName", db.ParameterGroupName);
        xml.WriteElementString("ParameterApplyStatus", "in-sync");
        xml.WriteEndElement();
        xml.WriteEndElement();
        xml.WriteOptional("AvailabilityZone", db.AvailabilityZone);
        if (group is not null) RdsXml.SubnetGroup(xml, group);
        xml.WriteElementString("PreferredMaintenanceWindow", "sun:05:00-sun:05:30");
        WritePending(xml, db);
        RdsXml.Bool(xml, "MultiAZ", db.MultiAz);
        xml.WriteElementString("EngineVersion", db.EngineVersion);
        RdsXml.Bool(xml, "AutoMinorVersionUpgrade", true);
        xml.WriteElementString("LicenseModel", "postgresql-license");
        RdsXml.Bool(xml, "PubliclyAccessible", db.PubliclyAccessible);
        xml.WriteElementString("StorageType", db.StorageType);
        RdsXml.Int(xml, "DbInstancePort", 0);
        RdsXml.Bool(xml, "StorageEncrypted", db.StorageEncrypted);
        xml.WriteOptional("KmsKeyId", db.KmsKeyArn);
        xml.WriteElementString("DbiResourceId", db.DbiResourceId);
        xml.WriteElementString("CACertificateIdentifier", "rds-ca-rsa2048-g1");
        RdsXml.Bool(xml, "CopyTagsToSnapshot", false);
        RdsXml.Int(xml, "MonitoringInterval", 0);
        xml.WriteElementString("DBInstanceArn", db.Arn);
        RdsXml.Bool(xml, "IAMDatabaseAuthenticationEnabled", false);
        RdsXml.Bool(xml, "PerformanceInsightsEnabled", false);
        RdsXml.Bool(xml, "DeletionProtection", db.DeletionProtection);
        RdsXml.Tags(xml, "TagList", db.Tags);
        if (db.MasterSecretArn is { } secret)
        {
            xml.WriteStartElement("MasterUserSecret");
            xml.WriteElementString("SecretArn", secret);
            xml.WriteElementString("SecretStatus", "active");
            xml.WriteOptional("KmsKeyId", db.MasterSecretKmsKeyArn);
            xml.WriteEndElement();
        }
        xml.WriteElementString("NetworkType", "IPV4");
        xml.WriteEndElement();
    }

    private static void WritePending(XmlWriter xml, DbInstanceRecord db)
    {
        xml.WriteStartElement("PendingModifiedValues");
        xml.WriteOptional("DBInstanceClass", db.PendingInstanceClass);
        if (db.PendingAllocatedStorage is { } storage) RdsXml.Int(xml, "AllocatedStorage", storage);
        // RDS shows that a new master password is on its way, never the password.
        if (db.PasswordPending) xml.WriteElementString("MasterUserPassword", "****");
        xml.WriteEndElement();
    }
}
