namespace Piksel.Platform.Verification;

/// <summary>One cell of the RBAC matrix: whether members of <paramref name="Group"/> may <paramref name="Verb"/> <paramref name="Resource"/> in <paramref name="Namespace"/>.</summary>
/// <param name="Group">The group (<c>piksel:odc-developers</c>).</param>
/// <param name="Namespace">The namespace of the request.</param>
/// <param name="Verb">The verb.</param>
/// <param name="ApiGroup">The API group (<c>""</c> is the core group).</param>
/// <param name="Resource">The resource.</param>
/// <param name="Allowed">What the definition intends.</param>
public sealed record AccessReviewExpectation(string Group, string Namespace, string Verb, string ApiGroup, string Resource, bool Allowed)
{
    /// <summary>The cell's name: <c>verb resource[.group] -n namespace</c>.</summary>
    public string Name => $"{Verb} {(ApiGroup.Length == 0 ? Resource : $"{Resource}.{ApiGroup}")} -n {Namespace}";
}
