namespace Piksel.Emulator.Kubernetes.Admission;

/// <summary>An admission plugin (the pod-identity webhook, service-account token volumes, Pod Security…).</summary>
public interface IAdmissionPlugin
{
    /// <summary>True for plugins that change objects; they run before the validating ones.</summary>
    bool Mutating { get; }

    /// <summary>Admits, changes or refuses the request.</summary>
    ValueTask AdmitAsync(AdmissionRequest request, CancellationToken cancellationToken);
}
