using System.Globalization;

namespace Piksel.Emulator.Aws.Protocol;

/// <summary>Values as the XML protocols (ec2, restXml, awsQuery) write them.</summary>
internal static class XmlValues
{
    /// <summary>ISO 8601 in UTC with milliseconds, as EC2 and S3 write timestamps.</summary>
    public static string Timestamp(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    /// <summary>Booleans in lower case.</summary>
    public static string Bool(bool value) => value ? "true" : "false";
}
