using System.Text.Json;
using System.Text.Json.Nodes;
using Piksel.Emulator.Aws.Hosting;
using Piksel.Emulator.Aws.Policy;
using Piksel.Emulator.Aws.Protocol;

namespace Piksel.Emulator.Aws.SecretsManager;

/// <summary>Resource policies (checked on every operation on the secret) and GetRandomPassword.</summary>
public sealed partial class SecretsManagerService
{
    private JsonObject PutResourcePolicy(AwsRequestContext context, JsonObject body)
    {
        var secret = Secret(context, body, "secretsmanager:PutResourcePolicy");
        var policy = body.RequiredString("ResourcePolicy");
        if (Problem(policy) is { } problem) throw new AwsServiceException("MalformedPolicyDocumentException", problem);
        if ((body.OptionalBool("BlockPublicPolicy") ?? false) && IsPublic(policy))
            throw new AwsServiceException("PublicPolicyException", "You can't attach a resource-based policy that allows broad access to the secret.");
        var now = context.Time.GetUtcNow();
        Mutate(secret, current => current with { ResourcePolicy = policy, LastChangedDate = now });
        return Identity(secret);
    }

    private JsonObject GetResourcePolicy(AwsRequestContext context, JsonObject body)
    {
        var secret = Secret(context, body, "secretsmanager:GetResourcePolicy", allowDeleted: true);
        var answer = Identity(secret);
        if (secret.ResourcePolicy is not null) answer["ResourcePolicy"] = secret.ResourcePolicy;
        return answer;
    }

    private JsonObject DeleteResourcePolicy(AwsRequestContext context, JsonObject body)
    {
        var secret = Secret(context, body, "secretsmanager:DeleteResourcePolicy");
        var now = context.Time.GetUtcNow();
        Mutate(secret, current => current with { ResourcePolicy = null, LastChangedDate = now });
        return Identity(secret);
    }

    private JsonObject ValidateResourcePolicy(AwsRequestContext context, JsonObject body)
    {
        if (body.OptionalString("SecretId") is not null) Secret(context, body, "secretsmanager:ValidateResourcePolicy", allowDeleted: true);
        else context.Authorize("secretsmanager:ValidateResourcePolicy", "*");
        var problem = Problem(body.RequiredString("ResourcePolicy"));
        var errors = new JsonArray();
        if (problem is not null) errors.Add(new JsonObject { ["CheckName"] = "SYNTAX_CHECK", ["ErrorMessage"] = problem });
        return new JsonObject { ["PolicyValidationPassed"] = problem is null, ["ValidationErrors"] = errors };
    }

    private static string? Problem(string policy)
    {
        if (policy.Length is 0 or > 20480) return "The resource policy must be 1 to 20480 characters.";
        try
        {
            PolicyDocument.Parse(policy);
            return null;
        }
        catch (PolicyParseException e)
        {
            return $"This resource policy contains a syntax error. {e.Message}";
        }
    }

    // "Broad access" as BlockPublicPolicy means it: an unconditional Allow to every principal.
    private static bool IsPublic(string policy)
    {
        JsonNode? root;
        try { root = JsonNode.Parse(policy); }
        catch (JsonException) { return false; }
        var statements = root?["Statement"] switch
        {
            JsonArray array => array.OfType<JsonObject>().ToList(),
            JsonObject one => [one],
            _ => [],
        };
        return statements.Any(s => s["Effect"]?.GetValue<string>() == "Allow" && s["Condition"] is null && IsEveryone(s["Principal"]));
    }

    private static bool IsEveryone(JsonNode? principal) => principal switch
    {
        JsonValue v => v.TryGetValue<string>(out var s) && s == "*",
        JsonObject o => IsEveryone(o["AWS"]),
        JsonArray a => a.Any(IsEveryone),
        _ => false,
    };

    private static JsonObject GetRandomPassword(AwsRequestContext context, JsonObject body)
    {
        context.Authorize("secretsmanager:GetRandomPassword", "*");
        var options = new RandomPasswordOptions
        {
            PasswordLength = body.OptionalLong("PasswordLength") ?? 32,
            ExcludeCharacters = body.OptionalString("ExcludeCharacters") ?? "",
            ExcludeNumbers = body.OptionalBool("ExcludeNumbers") ?? false,
            ExcludePunctuation = body.OptionalBool("ExcludePunctuation") ?? false,
            ExcludeUppercase = body.OptionalBool("ExcludeUppercase") ?? false,
            ExcludeLowercase = body.OptionalBool("ExcludeLowercase") ?? false,
            IncludeSpace = body.OptionalBool("IncludeSpace") ?? false,
            RequireEachIncludedType = body.OptionalBool("RequireEachIncludedType") ?? true,
        };
        return new JsonObject { ["RandomPassword"] = RandomPassword.Generate(options) };
    }
}
