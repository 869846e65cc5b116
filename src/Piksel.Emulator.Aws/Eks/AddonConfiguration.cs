using YamlDotNet.Core;
using YamlDotNet.Serialization;

namespace Piksel.Emulator.Aws.Eks;

/// <summary>An add-on's configurationValues: a JSON or YAML object, at most 64 KiB (EKS validates it before accepting the request).</summary>
internal static class AddonConfiguration
{
    private const int MaxLength = 64 * 1024;

    /// <summary>The values as given (null when absent or empty); InvalidParameterException when they are not an object.</summary>
    public static string? Read(System.Text.Json.Nodes.JsonObject body, string clusterName, string addonName)
    {
        var text = Protocol.JsonProtocol.OptionalString(body, "configurationValues");
        if (string.IsNullOrWhiteSpace(text)) return null;
        if (text.Length > MaxLength)
            throw EksErrors.InvalidParameter($"ConfigurationValue provided in request is not supported: it is longer than {MaxLength} characters.", clusterName, "addonName", addonName);
        object? parsed;
        try
        {
            parsed = new DeserializerBuilder().Build().Deserialize<object>(text);
        }
        catch (YamlException)
        {
            parsed = null;
        }
        if (parsed is not IDictionary<object, object>)
            throw EksErrors.InvalidParameter("ConfigurationValue provided in request is not supported: configurationValues must be a JSON or YAML object.", clusterName, "addonName", addonName);
        return text;
    }
}
