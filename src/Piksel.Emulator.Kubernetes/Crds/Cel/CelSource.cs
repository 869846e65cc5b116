using System.Text;

namespace Piksel.Emulator.Kubernetes.Crds.Cel;

/// <summary>The rule's text, for error messages in cel-go's shape: <c>ERROR: &lt;input&gt;:1:5: msg</c> plus the line and a caret.</summary>
internal sealed class CelSource(string text)
{
    /// <summary>The rule as written.</summary>
    public string Text { get; } = text;

    /// <summary>A compile error at <paramref name="offset"/>.</summary>
    public ValidationRuleException Error(int offset, string message)
    {
        offset = Math.Clamp(offset, 0, Text.Length);
        var line = 1;
        var lineStart = 0;
        for (var i = 0; i < offset; i++)
        {
            if (Text[i] == '\n')
            {
                line++;
                lineStart = i + 1;
            }
        }

        var lineEnd = Text.IndexOf('\n', lineStart);
        var lineText = lineEnd < 0 ? Text[lineStart..] : Text[lineStart..lineEnd];
        var column = offset - lineStart;
        var builder = new StringBuilder()
            .Append("ERROR: <input>:").Append(line).Append(':').Append(column + 1).Append(": ").Append(message)
            .Append("\n | ").Append(lineText)
            .Append("\n | ").Append('.', column).Append('^');
        return new ValidationRuleException(builder.ToString());
    }
}
