namespace Piksel.Emulator.Aws.Eks;

/// <summary>
/// One REST route of EKS: an HTTP method and a path template (<c>/clusters/{name}/access-entries/{principalArn}</c>)
/// that name an operation. Literal segments match exactly; a <c>{parameter}</c> segment matches any one segment.
/// </summary>
internal sealed class EksRoute
{
    private readonly string[] template;

    public EksRoute(string method, string path, string operation)
    {
        Method = method;
        Path = path;
        Operation = operation;
        template = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
    }

    /// <summary>GET, POST or DELETE.</summary>
    public string Method { get; }

    /// <summary>The path template.</summary>
    public string Path { get; }

    /// <summary>The operation the route names.</summary>
    public string Operation { get; }

    /// <summary>True when <paramref name="method"/> and the decoded <paramref name="segments"/> fit this route.</summary>
    public bool Matches(string method, IReadOnlyList<string> segments)
    {
        if (method != Method || segments.Count != template.Length) return false;
        for (var i = 0; i < template.Length; i++)
            if (!IsParameter(template[i]) && template[i] != segments[i]) return false;
        return true;
    }

    /// <summary>The value of the template's <c>{<paramref name="parameter"/>}</c> in <paramref name="segments"/>.</summary>
    public string Bind(IReadOnlyList<string> segments, string parameter)
    {
        var at = Array.IndexOf(template, "{" + parameter + "}");
        if (at < 0) throw new InvalidOperationException($"The route {Method} {Path} has no parameter {parameter}.");
        return segments[at];
    }

    private static bool IsParameter(string segment) => segment.StartsWith('{') && segment.EndsWith('}');
}
