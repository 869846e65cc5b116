namespace Piksel.Emulator.Kubernetes.Admission.PodSecurity;

/// <summary>A failed check: its reason (<c>runAsNonRoot != true</c>) and the detail saying what to change.</summary>
public sealed record CheckResult(string Reason, string Detail)
{
    /// <summary><c>reason (detail)</c>, or the reason alone without a detail.</summary>
    public override string ToString() => Detail.Length == 0 ? Reason : $"{Reason} ({Detail})";
}
