using System.Reflection;
using Piksel.Emulator.Kubernetes.Api;

namespace Piksel.Emulator.Aws.Eks.ExternalSecrets;

/// <summary>
/// External Secrets Operator's CustomResourceDefinitions (ExternalSecret, SecretStore, ClusterSecretStore in
/// <c>external-secrets.io/v1</c>), written for this emulator after ESO's published v1 API and installed with the operator
/// as its Helm chart would; and the kinds they serve, as the operator addresses them.
/// </summary>
public static class ExternalSecretsCrds
{
    private static readonly string[] Files = ["externalsecrets.yaml", "secretstores.yaml", "clustersecretstores.yaml"];

    /// <summary>The CRD manifests (YAML), for <see cref="Kubernetes.KubeApiServerBuilder.AddCustomResourceDefinitions"/>.</summary>
    public static IReadOnlyList<string> Manifests { get; } = [.. Files.Select(Read)];

    /// <summary>The same CRDs as JSON objects, fresh copies per call: for installing them through a cluster's API (k3s).</summary>
    public static IReadOnlyList<System.Text.Json.Nodes.JsonObject> Definitions => [.. Manifests.SelectMany(Crds.CrdYaml.Documents)];

    /// <summary>ExternalSecret (namespaced, short name <c>es</c>).</summary>
    public static ResourceType ExternalSecrets { get; } = Kind("ExternalSecret", "externalsecrets", true, "es");

    /// <summary>ClusterSecretStore (cluster-scoped, short name <c>css</c>).</summary>
    public static ResourceType ClusterSecretStores { get; } = Kind("ClusterSecretStore", "clustersecretstores", false, "css");

    /// <summary>SecretStore (namespaced, short name <c>ss</c>).</summary>
    public static ResourceType SecretStores { get; } = Kind("SecretStore", "secretstores", true, "ss");

    private static ResourceType Kind(string kind, string plural, bool namespaced, string shortName) => new()
    {
        Group = "external-secrets.io",
        Version = "v1",
        Kind = kind,
        Plural = plural,
        Singular = kind.ToLowerInvariant(),
        Namespaced = namespaced,
        ShortNames = [shortName],
        Categories = ["external-secrets"],
        Subresources = ["status"],
    };

    private static string Read(string file)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream($"Piksel.Emulator.Aws.Eks.ExternalSecrets.Crds.{file}")
            ?? throw new InvalidOperationException($"The embedded CRD {file} is missing from the assembly.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
