using System.Text.Json;

namespace Piksel.Emulator.Aws.Eks;

/// <summary>Whether a role's trust policy lets an EKS service principal assume it (a cluster role, a Fargate pod execution role).</summary>
internal static class EksTrust
{
    private const string EksService = "eks.amazonaws.com";

    /// <summary>The service principal of Fargate's pod execution role.</summary>
    public const string FargatePods = "eks-fargate-pods.amazonaws.com";

    /// <summary>True when an Allow statement names the <c>eks.amazonaws.com</c> service principal for sts:AssumeRole.</summary>
    public static bool AllowsEks(string trustPolicy) => Allows(trustPolicy, EksService);

    /// <summary>True when an Allow statement names <paramref name="servicePrincipal"/> for sts:AssumeRole.</summary>
    public static bool Allows(string trustPolicy, string servicePrincipal)
    {
        try
        {
            using var document = JsonDocument.Parse(trustPolicy);
            if (!document.RootElement.TryGetProperty("Statement", out var statements)) return false;
            foreach (var statement in statements.ValueKind == JsonValueKind.Array ? statements.EnumerateArray().ToList() : [statements])
            {
                if (!statement.TryGetProperty("Effect", out var effect) || effect.GetString() != "Allow") continue;
                if (!statement.TryGetProperty("Principal", out var principal) || principal.ValueKind != JsonValueKind.Object
                    || !principal.TryGetProperty("Service", out var service) || !Strings(service).Contains(servicePrincipal, StringComparer.OrdinalIgnoreCase))
                {
                    continue;
                }

                if (statement.TryGetProperty("Action", out var action)
                    && Strings(action).Any(a => a is "*" or "sts:*" || a.Equals("sts:AssumeRole", StringComparison.OrdinalIgnoreCase)))
                {
                    return true;
                }
            }
            return false;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static List<string> Strings(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => [element.GetString()!],
        JsonValueKind.Array => [.. element.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()!)],
        _ => [],
    };
}
