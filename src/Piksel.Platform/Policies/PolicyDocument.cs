namespace Piksel.Platform.Policies;

/// <summary>
/// An IAM policy document (identity, resource, trust or key policy). Build it with
/// <see cref="PolicyDocumentBuilder"/>; <see cref="ToJson"/> writes the canonical JSON AWS stores, and
/// <see cref="Parse"/> reads a stored one back so a planner can compare the two.
/// </summary>
public sealed record PolicyDocument
{
    /// <summary>The policy language version. Default: <c>2012-10-17</c>, the only one with policy variables.</summary>
    public string Version { get; init; } = "2012-10-17";

    /// <summary>Optional document id. Default: none.</summary>
    public string? Id { get; init; }

    /// <summary>The statements, in order (at least one).</summary>
    public required IReadOnlyList<PolicyStatement> Statements { get; init; }

    /// <summary>The canonical compact JSON of the document.</summary>
    public string ToJson() => PolicyJson.Write(this);

    /// <summary>Reads a policy document as AWS returns it (single values or arrays, any key order).</summary>
    public static PolicyDocument Parse(string json) => PolicyJson.Read(json);

    /// <summary>The same document with every string passed through <paramref name="map"/> (token resolution).</summary>
    public PolicyDocument Map(Func<string, string> map) => this with
    {
        Statements = Statements.Select(s => s.Map(map)).ToArray(),
    };

    /// <summary>The canonical JSON, so a document prints as what AWS would store.</summary>
    public override string ToString() => ToJson();
}
