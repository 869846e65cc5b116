namespace Piksel.Emulator.Aws.Eks;

/// <summary>Add-on states as EKS reports them.</summary>
public static class EksAddonStatus
{
    public const string Creating = "CREATING";
    public const string Active = "ACTIVE";
    public const string CreateFailed = "CREATE_FAILED";
    public const string Updating = "UPDATING";
    public const string Deleting = "DELETING";
    public const string DeleteFailed = "DELETE_FAILED";
    public const string Degraded = "DEGRADED";
    public const string UpdateFailed = "UPDATE_FAILED";
}
