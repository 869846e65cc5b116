using System.Globalization;
using System.Xml;
using Piksel.Emulator.Aws.Protocol;

namespace Piksel.Emulator.Aws.Rds;

/// <summary>RDS's query-XML shapes (botocore <c>rds/2014-10-31</c>): each list member under its own element name.</summary>
internal static class RdsXml
{
    public const string Namespace = "http://rds.amazonaws.com/doc/2014-10-31/";

    /// <summary>The hosted zone of RDS endpoints in us-east-1 (RDS answers each region's own).</summary>
    public const string HostedZoneId = "Z2R2ITUGPM61AM";

    public static void Int(XmlWriter xml, string name, int value) => xml.WriteElementString(name, value.ToString(CultureInfo.InvariantCulture));

    public static void Bool(XmlWriter xml, string name, bool value) => xml.WriteElementString(name, value ? "true" : "false");

    public static void Tags(XmlWriter xml, string name, IEnumerable<RdsTag> tags)
    {
        xml.WriteStartElement(name);
        foreach (var tag in tags)
        {
            xml.WriteStartElement("Tag");
            xml.WriteElementString("Key", tag.Key);
            xml.WriteElementString("Value", tag.Value);
            xml.WriteEndElement();
        }
        xml.WriteEndElement();
    }

    public static void SubnetGroup(XmlWriter xml, DbSubnetGroupRecord group, string element = "DBSubnetGroup")
    {
        xml.WriteStartElement(element);
        xml.WriteElementString("DBSubnetGroupName", group.Name);
        xml.WriteElementString("DBSubnetGroupDescription", group.Description);
        xml.WriteElementString("VpcId", group.VpcId);
        xml.WriteElementString("SubnetGroupStatus", "Complete");
        xml.WriteStartElement("Subnets");
        foreach (var subnet in group.Subnets)
        {
            xml.WriteStartElement("Subnet");
            xml.WriteElementString("SubnetIdentifier", subnet.SubnetId);
            xml.WriteStartElement("SubnetAvailabilityZone");
            xml.WriteElementString("Name", subnet.AvailabilityZone);
            xml.WriteEndElement();
            xml.WriteElementString("SubnetStatus", "Active");
            xml.WriteEndElement();
        }
        xml.WriteEndElement();
        xml.WriteElementString("DBSubnetGroupArn", group.Arn);
        xml.WriteStartElement("SupportedNetworkTypes");
        xml.WriteElementString("member", "IPV4");
        xml.WriteEndElement();
        xml.WriteEndElement();
    }

    public static void ParameterGroup(XmlWriter xml, DbParameterGroupRecord group, string element = "DBParameterGroup")
    {
        xml.WriteStartElement(element);
        xml.WriteElementString("DBParameterGroupName", group.Name);
        xml.WriteElementString("DBParameterGroupFamily", group.Family);
        xml.WriteElementString("Description", group.Description);
        xml.WriteElementString("DBParameterGroupArn", group.Arn);
        xml.WriteEndElement();
    }

    public static void Snapshot(XmlWriter xml, DbSnapshotRecord snapshot, string element = "DBSnapshot")
    {
        xml.WriteStartElement(element);
        xml.WriteElementString("DBSnapshotIdentifier", snapshot.Identifier);
        xml.WriteElementString("DBInstanceIdentifier", snapshot.InstanceIdentifier);
        xml.WriteElementString("SnapshotCreateTime", QueryResponse.Timestamp(snapshot.CreatedAt));
        xml.WriteElementString("Engine", "postgres");
        Int(xml, "AllocatedStorage", snapshot.AllocatedStorage);
        xml.WriteElementString("Status", "available");
        Int(xml, "Port", snapshot.Port);
        xml.WriteOptional("AvailabilityZone", snapshot.AvailabilityZone);
        xml.WriteOptional("VpcId", snapshot.VpcId);
        xml.WriteElementString("InstanceCreateTime", QueryResponse.Timestamp(snapshot.InstanceCreatedAt));
        xml.WriteElementString("MasterUsername", snapshot.MasterUsername);
        xml.WriteElementString("EngineVersion", snapshot.EngineVersion);
        xml.WriteElementString("LicenseModel", "postgresql-license");
        xml.WriteElementString("SnapshotType", snapshot.SnapshotType);
        Int(xml, "PercentProgress", 100);
        xml.WriteElementString("StorageType", "gp3");
        Bool(xml, "Encrypted", snapshot.Encrypted);
        xml.WriteOptional("KmsKeyId", snapshot.KmsKeyArn);
        xml.WriteElementString("DBSnapshotArn", snapshot.Arn);
        Bool(xml, "IAMDatabaseAuthenticationEnabled", false);
        xml.WriteElementString("DbiResourceId", snapshot.DbiResourceId);
        Tags(xml, "TagList", snapshot.Tags);
        xml.WriteEndElement();
    }
}
