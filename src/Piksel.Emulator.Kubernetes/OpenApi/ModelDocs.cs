using System.Reflection;
using System.Text.RegularExpressions;
using System.Xml;

namespace Piksel.Emulator.Kubernetes.OpenApi;

/// <summary>
/// Descriptions of the models and their fields, taken from the client's XML documentation (the same text as the
/// real spec's <c>description</c>s). It is read from beside the client assembly, or from the NuGet cache it came from;
/// without it fields get a short generated description.
/// </summary>
internal static partial class ModelDocs
{
    private static readonly Lazy<IReadOnlyDictionary<string, string>> Docs = new(Load);

    /// <summary>The description of a model type.</summary>
    public static string Of(Type model) =>
        Docs.Value.TryGetValue("T:" + model.FullName, out var text) ? text : $"{DefinitionNames.ShortName(model)} is a Kubernetes API type.";

    /// <summary>The description of a model's property.</summary>
    public static string? Of(Type model, ModelProperty property) =>
        Docs.Value.TryGetValue($"P:{model.FullName}.{property.ClrName}", out var text) ? text : null;

    private static Dictionary<string, string> Load()
    {
        var docs = new Dictionary<string, string>(StringComparer.Ordinal);
        if (Locate() is not { } path) return docs;
        try
        {
            using var reader = XmlReader.Create(path, new XmlReaderSettings { IgnoreComments = true, DtdProcessing = DtdProcessing.Prohibit });
            while (reader.ReadToFollowing("member"))
            {
                var name = reader.GetAttribute("name");
                if (name is null || !(name.StartsWith("T:k8s.Models.", StringComparison.Ordinal) || name.StartsWith("P:k8s.Models.", StringComparison.Ordinal))) continue;
                using var member = reader.ReadSubtree();
                if (member.ReadToFollowing("summary"))
                    docs[name] = Whitespace().Replace(member.ReadElementContentAsString(), " ").Trim();
            }
        }
        catch (XmlException)
        {
            // A damaged documentation file only costs the descriptions.
        }
        return docs;
    }

    private static string? Locate()
    {
        var assembly = typeof(k8s.Models.V1ConfigMap).Assembly;
        var beside = Path.ChangeExtension(assembly.Location, ".xml");
        if (File.Exists(beside)) return beside;
        var version = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0];
        var cache = Environment.GetEnvironmentVariable("NUGET_PACKAGES") ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        var package = Path.Combine(cache, "kubernetesclient", version ?? "", "lib");
        if (version is null || !Directory.Exists(package)) return null;
        return Directory.EnumerateFiles(package, "KubernetesClient.xml", SearchOption.AllDirectories).OrderDescending(StringComparer.Ordinal).FirstOrDefault();
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
