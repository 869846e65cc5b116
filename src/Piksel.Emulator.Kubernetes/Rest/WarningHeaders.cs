using System.Text;
using Microsoft.AspNetCore.Http;

namespace Piksel.Emulator.Kubernetes.Rest;

/// <summary>
/// A request's <c>Warning: 299 - "text"</c> headers, recorded as k8s.io/apiserver's warning recorder does: each text once;
/// a text with a control character makes no header (apimachinery's NewWarningHeader refuses it); past 4 KiB of warning
/// text in all, every warning is cut to 256 bytes and those that still do not fit are dropped.
/// </summary>
internal sealed class WarningHeaders
{
    private const string ItemKey = "Piksel.Emulator.Kubernetes.Warnings";
    private const int TotalMaxSize = 4 * 1024;
    private const int TruncateLength = 256;

    private readonly HttpContext http;
    private readonly List<string> ordered = [];
    private readonly HashSet<string> recorded = new(StringComparer.Ordinal);
    private int written;
    private bool truncating;

    private WarningHeaders(HttpContext http) => this.http = http;

    /// <summary>Adds <paramref name="text"/> to the warnings of <paramref name="http"/>'s answer.</summary>
    public static void Add(HttpContext http, string text)
    {
        if (http.Items[ItemKey] is not WarningHeaders warnings) http.Items[ItemKey] = warnings = new WarningHeaders(http);
        warnings.Add(text);
    }

    private void Add(string text)
    {
        if (text.Length == 0 || (written >= TotalMaxSize && truncating) || !recorded.Add(text)) return;
        ordered.Add(text);
        if (truncating) text = Truncate(text);
        var size = Encoding.UTF8.GetByteCount(text);
        if (Header(text) is not { } header) return;
        if (written + size <= TotalMaxSize)
        {
            written += size;
            http.Response.Headers.Append("Warning", header);
            return;
        }
        if (truncating) return;

        // Over the limit for the first time: start again with every warning cut short.
        truncating = true;
        written = 0;
        http.Response.Headers.Remove("Warning");
        foreach (var each in ordered)
        {
            var cut = Truncate(each);
            var cutSize = Encoding.UTF8.GetByteCount(cut);
            if (written + cutSize > TotalMaxSize) break;
            if (Header(cut) is not { } cutHeader) continue;
            written += cutSize;
            http.Response.Headers.Append("Warning", cutHeader);
        }
    }

    /// <summary>The first 256 bytes, without a character cut in half.</summary>
    private static string Truncate(string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        if (bytes.Length <= TruncateLength) return text;
        var end = TruncateLength;
        while (end > 0 && (bytes[end] & 0xC0) == 0x80) end--;
        return Encoding.UTF8.GetString(bytes, 0, end);
    }

    /// <summary>NewWarningHeader: quotes and backslashes escaped; null for text with a control character.</summary>
    private static string? Header(string text) =>
        text.Any(char.IsControl) ? null : $"299 - \"{text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)}\"";
}
