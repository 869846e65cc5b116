namespace Piksel.Platform.Verification;

/// <summary><c>logs:CreateLogGroup</c> (deleted again at once when it is made).</summary>
public sealed record LogsCreateGroupProbe(string LogGroupName) : AccessProbe
{
    public override string Action => "logs:CreateLogGroup";

    public override string Target => LogGroupName;
}
