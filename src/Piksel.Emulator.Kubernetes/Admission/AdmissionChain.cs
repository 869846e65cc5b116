using System.Collections.Immutable;

namespace Piksel.Emulator.Kubernetes.Admission;

/// <summary>The admission plugins in their declared order, run as the API server runs them: every mutating plugin, then every validating one.</summary>
public sealed class AdmissionChain
{
    private readonly ImmutableArray<IAdmissionPlugin> mutating;
    private readonly ImmutableArray<IAdmissionPlugin> validating;

    /// <summary>A chain of <paramref name="plugins"/>, in the order given.</summary>
    public AdmissionChain(IEnumerable<IAdmissionPlugin> plugins)
    {
        Plugins = [.. plugins];
        mutating = [.. Plugins.Where(p => p.Mutating)];
        validating = [.. Plugins.Where(p => !p.Mutating)];
    }

    /// <summary>Every plugin, in the declared order.</summary>
    public ImmutableArray<IAdmissionPlugin> Plugins { get; }

    /// <summary>Runs the mutating plugins, then the validating ones; the first refusal ends it.</summary>
    public async Task AdmitAsync(AdmissionRequest request, CancellationToken cancellationToken)
    {
        foreach (var plugin in mutating) await AdmitAsync(plugin, request, cancellationToken);
        foreach (var plugin in validating) await AdmitAsync(plugin, request, cancellationToken);
        System.Diagnostics.Activity.Current?.SetTag("k8s.admission.result", "admitted");
    }

    private static async ValueTask AdmitAsync(IAdmissionPlugin plugin, AdmissionRequest request, CancellationToken cancellationToken)
    {
        try
        {
            await plugin.AdmitAsync(request, cancellationToken);
        }
        catch (Api.StatusException e) when (System.Diagnostics.Activity.Current is { } span && span.Source == KubeTelemetry.Source)
        {
            // The request's span says which plugin refused, as the apiserver's audit log does.
            span.SetTag("k8s.admission.result", "denied");
            span.SetTag("k8s.admission.plugin", plugin.GetType().Name);
            span.SetTag("k8s.admission.message", e.Message);
            throw;
        }
    }
}
