using System.Text.Json.Nodes;
using Piksel.Emulator.Aws.Hosting;
using Piksel.Emulator.Aws.Hosting.Operations;
using Piksel.Emulator.Aws.Protocol;
using static Piksel.Emulator.Aws.Kms.KmsParameters;

namespace Piksel.Emulator.Aws.Kms;

/// <summary>A key's policy (its only one, named <c>default</c>): get, put, list.</summary>
internal sealed class KeyPolicyOperations(KmsKeys keys) : IOperationGroup
{
    /// <inheritdoc />
    public void Register(OperationTable table) => table
        .Add("GetKeyPolicy", "kms:GetKeyPolicy", GetKeyPolicy)
        .Add("PutKeyPolicy", "kms:PutKeyPolicy", PutKeyPolicy)
        .Add("ListKeyPolicies", "kms:ListKeyPolicies", ListKeyPolicies);

    private OperationCall GetKeyPolicy(AwsRequestContext context)
    {
        var body = Body(context);
        return OnKey(keys, context, body, key =>
        {
            CheckPolicyName(body);
            return new JsonObject { ["Policy"] = key.Policy, ["PolicyName"] = "default" };
        });
    }

    private OperationCall PutKeyPolicy(AwsRequestContext context)
    {
        var body = Body(context);
        return OnKey(keys, context, body, key =>
        {
            CheckPolicyName(body);
            var policy = ValidPolicy(body.RequiredString("Policy"));
            _ = body.OptionalBool("BypassPolicyLockoutSafetyCheck");
            if (key.KeyState == KmsKeyState.PendingDeletion) throw KmsErrors.PendingDeletion(key.Arn);
            keys.Change(key, k => k with { Policy = policy });
            return [];
        });
    }

    private OperationCall ListKeyPolicies(AwsRequestContext context) =>
        OnKey(keys, context, Body(context), _ => new JsonObject { ["PolicyNames"] = new JsonArray("default"), ["Truncated"] = false });

    private static void CheckPolicyName(JsonObject body)
    {
        if ((body.OptionalString("PolicyName") ?? "default") != "default")
            throw new AwsServiceException("NotFoundException", "No such policy exists");
    }
}
