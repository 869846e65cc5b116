using System.Text;

namespace Piksel.Emulator.Aws.Tests.Infrastructure;

/// <summary>
/// The bad bodies every awsJson service must refuse the same way (Coral's SerializationException): invalid UTF-8, a
/// lone surrogate escape in a value or a name, nesting deeper than 64, JSON that does not parse, a body that is not
/// an object; and the routing faults: an unknown operation, a target with no operation, an unsigned call.
/// </summary>
internal static class JsonErrorPaths
{
    /// <summary>The shared cases for the service of <paramref name="prefix"/> (<c>secretsmanager</c>, <c>TrentService</c>…), signed as <paramref name="signingName"/>, on <paramref name="operation"/>.</summary>
    public static Dictionary<string, ErrorPathCase> Common(string prefix, string signingName, string operation)
    {
        var target = $"{prefix}.{operation}";
        ErrorPathCase Body(byte[] body, string? code = "SerializationException") => new(RawRequest.Json(target, body), signingName, code, 400);
        ErrorPathCase Text(string body, string? code = "SerializationException") => Body(Encoding.UTF8.GetBytes(body), code);
        return new Dictionary<string, ErrorPathCase>
        {
            ["invalid UTF-8"] = Body([.. "{\"Name\":\""u8, 0xFF, 0xFE, .. "\"}"u8]),
            ["overlong UTF-8"] = Body([.. "{\"Name\":\""u8, 0xC0, 0xAF, .. "\"}"u8]),
            ["lone high surrogate"] = Text("""{"Name":"\ud800"}"""),
            ["lone low surrogate"] = Text("""{"Name":"a\udc00b"}"""),
            ["lone surrogate in a member name"] = Text("""{"\ud800":"x"}"""),
            ["lone surrogate deep inside"] = Text("""{"Tags":[{"Key":"k","Value":["\udfff"]}]}"""),
            ["nesting deeper than 64"] = Text("{\"a\":" + new string('[', 100) + new string(']', 100) + "}"),
            ["not JSON"] = Text("{"),
            ["trailing garbage"] = Text("{}x"),
            ["an array"] = Text("[]"),
            ["a number"] = Text("5"),
            ["a string"] = Text("\"x\""),
            ["null"] = Text("null"),
            ["unknown operation"] = new(RawRequest.Json($"{prefix}.NoSuchOperation", "{}"), signingName, "UnknownOperationException", 400),
            ["target without an operation"] = new(RawRequest.Json(prefix, "{}"), signingName, "UnknownOperationException", 400),
            ["target with a control character"] = new(RawRequest.Json($"{prefix}.No\u0001", "{}"), signingName, null, 400),
            ["unsigned"] = new(RawRequest.Json(target, "{}"), null, "MissingAuthenticationTokenException", 403),
        };
    }

    /// <summary><paramref name="cases"/> added to <paramref name="table"/>.</summary>
    public static Dictionary<string, ErrorPathCase> With(this Dictionary<string, ErrorPathCase> table, Dictionary<string, ErrorPathCase> cases)
    {
        foreach (var (name, c) in cases) table[name] = c;
        return table;
    }
}
