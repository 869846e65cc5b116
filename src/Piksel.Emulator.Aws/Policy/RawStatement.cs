namespace Piksel.Emulator.Aws.Policy;

/// <summary>A statement as written, before compilation.</summary>
internal sealed class RawStatement
{
    public string? Sid;
    public string? Effect;
    public List<string>? Action, NotAction, Resource, NotResource;
    public PolicyPrincipals? Principal, NotPrincipal;
    public List<(string Operator, string Key, List<string> Values)> Conditions = [];
}
