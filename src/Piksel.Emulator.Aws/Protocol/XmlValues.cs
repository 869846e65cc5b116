using System.Globalization;
using System.Text;
using System.Xml;

namespace Piksel.Emulator.Aws.Protocol;

/// <summary>Values as the XML protocols (ec2, restXml, awsQuery) write them.</summary>
internal static class XmlValues
{
    /// <summary>ISO 8601 in UTC with milliseconds, as EC2 and S3 write timestamps.</summary>
    public static string Timestamp(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    /// <summary>Booleans in lower case.</summary>
    public static string Bool(bool value) => value ? "true" : "false";

    /// <summary>
    /// Writer settings for answers that echo what a client sent: a character XML 1.0 cannot carry (a control
    /// character in an S3 key) is written as a character reference, as S3 writes it, instead of failing the answer.
    /// </summary>
    public static XmlWriterSettings WriterSettings { get; } = new() { Encoding = new UTF8Encoding(false), Indent = false, CheckCharacters = false };

    /// <summary>
    /// <paramref name="text"/> with every character XML 1.0 cannot carry (control characters, lone surrogates,
    /// U+FFFE/U+FFFF) spelled <c>\uXXXX</c>, so an error that echoes a bad name stays readable by every XML parser.
    /// </summary>
    public static string Printable(string text)
    {
        var clean = true;
        for (var i = 0; i < text.Length && clean; i++)
            clean = XmlConvert.IsXmlChar(text[i]) || (i + 1 < text.Length && XmlConvert.IsXmlSurrogatePair(text[i + 1], text[i]));
        if (clean) return text;
        var sb = new StringBuilder(text.Length + 8);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (XmlConvert.IsXmlChar(c)) sb.Append(c);
            else if (i + 1 < text.Length && XmlConvert.IsXmlSurrogatePair(text[i + 1], c)) sb.Append(c).Append(text[++i]);
            else sb.Append("\\u").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture));
        }
        return sb.ToString();
    }
}
