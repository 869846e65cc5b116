using Piksel.Platform.Providers;

namespace Piksel.AppHost;

/// <summary><c>.piksel/&lt;env&gt;/kubeconfig</c>: the environment's cluster as the provider's cluster strategy hands it out, for kubectl.</summary>
internal static class KubeconfigFile
{
    /// <summary>The file's path under <paramref name="root"/>.</summary>
    public static string PathIn(string root) => Path.Combine(root, "kubeconfig");

    /// <summary>
    /// Writes <paramref name="kubeconfig"/> under <paramref name="root"/>, readable by its owner alone: it may hold the
    /// cluster's admin key.
    /// </summary>
    public static Task WriteAsync(string root, ClusterKubeconfig kubeconfig, CancellationToken cancellationToken)
    {
        PrivateFiles.EnsureOwnDirectory(root);
        return PrivateFiles.WriteAllTextAsync(PathIn(root), KubeconfigYaml.Render(kubeconfig), cancellationToken);
    }
}
