using System.Text.Json;

namespace Piksel.Emulator.Aws.Iam;

/// <summary>
/// IAM refuses a trust policy naming a role or user it cannot see yet, with MalformedPolicyDocument "Invalid principal in
/// policy" — also for one created a moment ago whose creation has not propagated, which is why tools retry it.
/// </summary>
internal static class TrustPrincipals
{
    /// <summary>Throws MalformedPolicyDocument for the first IAM role or user ARN in <paramref name="document"/> that <paramref name="view"/> does not hold.</summary>
    public static void RequireExisting(string document, IamView view)
    {
        using var json = JsonDocument.Parse(document);
        if (!json.RootElement.TryGetProperty("Statement", out var statements)) return;
        foreach (var statement in statements.ValueKind == JsonValueKind.Array ? statements.EnumerateArray() : Enumerable.Repeat(statements, 1))
        {
            foreach (var field in new[] { "Principal", "NotPrincipal" })
            {
                if (statement.ValueKind != JsonValueKind.Object || !statement.TryGetProperty(field, out var principal)
                    || principal.ValueKind != JsonValueKind.Object || !principal.TryGetProperty("AWS", out var aws))
                {
                    continue;
                }

                foreach (var arn in aws.ValueKind == JsonValueKind.Array ? aws.EnumerateArray() : Enumerable.Repeat(aws, 1))
                {
                    if (arn.ValueKind == JsonValueKind.String && arn.GetString() is { } value && !Exists(value, view))
                        throw IamErrors.MalformedPolicy($"Invalid principal in policy: \"AWS\":\"{value}\"");
                }
            }
        }
    }

    private static bool Exists(string value, IamView view)
    {
        if (Arn.TryParse(value) is not { Service: "iam" } arn) return true;
        if (arn.Resource.StartsWith("role/", StringComparison.Ordinal)) return view.FindRoleByArn(value) is not null;
        if (arn.Resource.StartsWith("user/", StringComparison.Ordinal))
            return view.FindUser(arn.Account, arn.Resource[(arn.Resource.LastIndexOf('/') + 1)..]) is { } user && user.Arn == value;
        return true;
    }
}
