using System.Text.Json;

namespace Piksel.Platform.Settings;

/// <summary>The rules between environment files: every environment has its own VPC range and its own account.</summary>
internal static class SiblingEnvironments
{
    internal static void Check(EnvironmentSettings settings, IEnumerable<(string File, string Json)> siblings, List<SettingsError> errors)
    {
        foreach (var (file, json) in siblings)
        {
            if (SiblingField(json, "vpcCidr") is { } text && Ipv4Cidr.TryParse(text, out var other, out _) && other.Overlaps(settings.VpcCidr))
            {
                errors.Add(new SettingsError("vpcCidr", $"is \"{settings.VpcCidr}\": overlaps {other} of {file}; every environment needs its own range"));
            }

            if (SiblingField(json, "account") == settings.Account)
            {
                errors.Add(new SettingsError("account", $"is \"{settings.Account}\": {file} uses the same account; every environment lives in its own account"));
            }
        }
    }

    // A sibling that cannot be read is its own file's problem, reported when it is loaded.
    private static string? SiblingField(string json, string field)
    {
        try
        {
            using var document = JsonDocument.Parse(json, EnvironmentSettingsLoader.JsonOptions);
            return document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty(field, out var value)
                && value.ValueKind == JsonValueKind.String
                ? value.GetString()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
