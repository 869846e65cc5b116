using System.Text.Json;
using System.Text.Json.Nodes;
using Piksel.Emulator.Aws.Hosting;
using Piksel.Emulator.Aws.Hosting.Operations;
using Piksel.Emulator.Aws.Policy;
using Piksel.Emulator.Aws.Protocol;
using static Piksel.Emulator.Aws.SecretsManager.SecretsManagerParameters;

namespace Piksel.Emulator.Aws.SecretsManager;

/// <summary>A secret's resource policy (evaluated beside the caller's on every operation on the secret): put, get, delete, validate.</summary>
internal sealed class SecretPolicyOperations(SecretsStore store) : IOperationGroup
{
    /// <inheritdoc />
    public void Register(OperationTable table) => table
        .Add("PutResourcePolicy", "secretsmanager:PutResourcePolicy", PutResourcePolicy)
        .Add("GetResourcePolicy", "secretsmanager:GetResourcePolicy", GetResourcePolicy)
        .Add("DeleteResourcePolicy", "secretsmanager:DeleteResourcePolicy", DeleteResourcePolicy)
        .Add("ValidateResourcePolicy", "secretsmanager:ValidateResourcePolicy", ValidateResourcePolicy);

    private OperationCall PutResourcePolicy(AwsRequestContext context)
    {
        var body = Body(context);
        return store.Target(context, body).Answer(context, secret =>
        {
            var policy = body.RequiredString("ResourcePolicy");
            if (Problem(policy) is { } problem) throw new AwsServiceException("MalformedPolicyDocumentException", problem);
            if ((body.OptionalBool("BlockPublicPolicy") ?? false) && IsPublic(policy))
                throw new AwsServiceException("PublicPolicyException", "You can't attach a resource-based policy that allows broad access to the secret.");
            var now = context.Time.GetUtcNow();
            store.Mutate(secret, current => current with { ResourcePolicy = policy, LastChangedDate = now });
            return SecretJson.Identity(secret);
        });
    }

    private OperationCall GetResourcePolicy(AwsRequestContext context) =>
        store.Target(context, Body(context)).Answer(context, secret =>
        {
            var answer = SecretJson.Identity(secret);
            if (secret.ResourcePolicy is not null) answer["ResourcePolicy"] = secret.ResourcePolicy;
            return answer;
        }, allowDeleted: true);

    private OperationCall DeleteResourcePolicy(AwsRequestContext context) =>
        store.Target(context, Body(context)).Answer(context, secret =>
        {
            var now = context.Time.GetUtcNow();
            store.Mutate(secret, current => current with { ResourcePolicy = null, LastChangedDate = now });
            return SecretJson.Identity(secret);
        });

    // Without a SecretId the policy is checked on its own, authorized on every resource like a list.
    private OperationCall ValidateResourcePolicy(AwsRequestContext context)
    {
        var body = Body(context);
        var target = body.OptionalString("SecretId") is not null ? store.Target(context, body) : null;
        return Answer(context, target?.Access ?? Access.Any, () =>
        {
            target?.Require(allowDeleted: true);
            var problem = Problem(body.RequiredString("ResourcePolicy"));
            var errors = new JsonArray();
            if (problem is not null) errors.Add(new JsonObject { ["CheckName"] = "SYNTAX_CHECK", ["ErrorMessage"] = problem });
            return new JsonObject { ["PolicyValidationPassed"] = problem is null, ["ValidationErrors"] = errors };
        });
    }

    private static string? Problem(string policy)
    {
        if (policy.Length is 0 or > 20480) return "The resource policy must be 1 to 20480 characters.";
        try
        {
            PolicyDocument.Parse(policy, PolicyUsage.Resource);
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
}
