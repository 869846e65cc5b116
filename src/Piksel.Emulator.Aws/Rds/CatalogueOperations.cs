using Piksel.Emulator.Aws.Hosting;
using Piksel.Emulator.Aws.Hosting.Operations;

namespace Piksel.Emulator.Aws.Rds;

/// <summary>DescribeDBEngineVersions, DescribeOrderableDBInstanceOptions and DescribeEvents: what can be made, and what happened.</summary>
internal sealed class CatalogueOperations(RdsStore store, EngineCatalog engines) : IOperationGroup
{
    private static readonly string[] Zones = ["a", "b", "c"];

    public void Register(OperationTable table) => table
        .Add("DescribeDBEngineVersions", "rds:DescribeDBEngineVersions", Versions)
        .Add("DescribeOrderableDBInstanceOptions", "rds:DescribeOrderableDBInstanceOptions", Orderable)
        .Add("DescribeEvents", "rds:DescribeEvents", Events);

    private OperationCall Versions(AwsRequestContext context)
    {
        var engine = context.Query.Get("Engine");
        var version = context.Query.Get("EngineVersion");
        var family = context.Query.Get("DBParameterGroupFamily");
        var defaultOnly = RdsParameters.Bool(context.Query, "DefaultOnly") ?? false;
        return OperationCall.On("*", () =>
        {
            var all = engine is not null and not "postgres" ? [] : engines.Versions
                .Where(v => version is null || v == version || EngineCatalog.Major(v) == version)
                .Where(v => family is null || EngineCatalog.Family(v) == family)
                .ToList();
            if (defaultOnly) all = [.. all.GroupBy(EngineCatalog.Major).Select(g => g.Last()).TakeLast(1)];
            var (page, next) = RdsAccess.Page(context, all);
            return RdsAccess.Respond(context, xml =>
            {
                xml.WriteStartElement("DBEngineVersions");
                foreach (var v in page)
                {
                    xml.WriteStartElement("DBEngineVersion");
                    xml.WriteElementString("Engine", "postgres");
                    xml.WriteElementString("MajorEngineVersion", EngineCatalog.Major(v));
                    xml.WriteElementString("EngineVersion", v);
                    xml.WriteElementString("DBParameterGroupFamily", EngineCatalog.Family(v));
                    xml.WriteElementString("DBEngineDescription", "PostgreSQL");
                    xml.WriteElementString("DBEngineVersionDescription", $"PostgreSQL {v}-R1");
                    xml.WriteElementString("Status", "available");
                    RdsXml.Bool(xml, "SupportsReadReplica", true);
                    RdsXml.Bool(xml, "SupportsLogExportsToCloudwatchLogs", true);
                    xml.WriteEndElement();
                }
                xml.WriteEndElement();
                if (next is not null) xml.WriteElementString("Marker", next);
            });
        });
    }

    private OperationCall Orderable(AwsRequestContext context)
    {
        var engine = RdsParameters.Required(context.Query, "Engine");
        var version = context.Query.Get("EngineVersion");
        var instanceClass = context.Query.Get("DBInstanceClass");
        return OperationCall.On("*", () =>
        {
            var rows = engine != "postgres" ? [] : engines.Versions
                .Where(v => version is null || v == version)
                .SelectMany(v => InstanceClasses.All.Where(c => instanceClass is null || c == instanceClass).Select(c => (Version: v, Class: c)))
                .ToList();
            var (page, next) = RdsAccess.Page(context, rows);
            return RdsAccess.Respond(context, xml =>
            {
                xml.WriteStartElement("OrderableDBInstanceOptions");
                foreach (var (v, c) in page)
                {
                    xml.WriteStartElement("OrderableDBInstanceOption");
                    xml.WriteElementString("Engine", "postgres");
                    xml.WriteElementString("EngineVersion", v);
                    xml.WriteElementString("DBInstanceClass", c);
                    xml.WriteElementString("LicenseModel", "postgresql-license");
                    xml.WriteStartElement("AvailabilityZones");
                    foreach (var zone in Zones)
                    {
                        xml.WriteStartElement("AvailabilityZone");
                        xml.WriteElementString("Name", context.Region + zone);
                        xml.WriteEndElement();
                    }
                    xml.WriteEndElement();
                    RdsXml.Bool(xml, "MultiAZCapable", true);
                    RdsXml.Bool(xml, "Vpc", true);
                    RdsXml.Bool(xml, "SupportsStorageEncryption", true);
                    xml.WriteElementString("StorageType", "gp3");
                    RdsXml.Int(xml, "MinStorageSize", 20);
                    RdsXml.Int(xml, "MaxStorageSize", 65536);
                    xml.WriteEndElement();
                }
                xml.WriteEndElement();
                if (next is not null) xml.WriteElementString("Marker", next);
            });
        });
    }

    private OperationCall Events(AwsRequestContext context)
    {
        var source = context.Query.Get("SourceIdentifier");
        return OperationCall.On("*", () =>
        {
            var all = store.Events.Items.Where(e => e.Value.Account == context.AccountId && e.Value.Region == context.Region)
                .Where(e => source is null || string.Equals(e.Value.SourceIdentifier, source, StringComparison.OrdinalIgnoreCase))
                .OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => e.Value).ToList();
            var (page, next) = RdsAccess.Page(context, all);
            return RdsAccess.Respond(context, xml =>
            {
                xml.WriteStartElement("Events");
                foreach (var e in page)
                {
                    xml.WriteStartElement("Event");
                    xml.WriteElementString("SourceIdentifier", e.SourceIdentifier);
                    xml.WriteElementString("SourceType", "db-instance");
                    xml.WriteElementString("Message", e.Message);
                    xml.WriteElementString("Date", Protocol.QueryResponse.Timestamp(e.Date));
                    xml.WriteElementString("SourceArn", e.SourceArn);
                    xml.WriteEndElement();
                }
                xml.WriteEndElement();
                if (next is not null) xml.WriteElementString("Marker", next);
            });
        });
    }
}
