using System.Text.Json.Nodes;
using Piksel.Emulator.Aws.Protocol;

namespace Piksel.Emulator.Aws.Eks;

/// <summary>The addon and update objects of EKS's answers.</summary>
internal static class AddonJson
{
    public static JsonObject Addon(EksAddonRecord addon, IEnumerable<string>? associationArns = null)
    {
        var json = new JsonObject
        {
            ["addonName"] = addon.AddonName,
            ["clusterName"] = addon.ClusterName,
            ["status"] = addon.Status,
            ["addonVersion"] = addon.AddonVersion,
            ["health"] = new JsonObject
            {
                ["issues"] = new JsonArray([.. addon.Issues.Select(i => (JsonNode)new JsonObject
                {
                    ["code"] = i.Code,
                    ["message"] = i.Message,
                    ["resourceIds"] = new JsonArray(),
                })]),
            },
            ["addonArn"] = addon.AddonArn,
            ["createdAt"] = JsonProtocol.Epoch(addon.CreatedAt),
            ["modifiedAt"] = JsonProtocol.Epoch(addon.ModifiedAt),
            ["tags"] = EksTags.ToJson(addon.Tags),
            ["podIdentityAssociations"] = new JsonArray([.. (associationArns ?? []).Select(a => (JsonNode)a)]),
        };
        if (addon.ServiceAccountRoleArn is { } role) json["serviceAccountRoleArn"] = role;
        if (addon.ConfigurationValues is { } values) json["configurationValues"] = values;
        return json;
    }

    public static JsonObject Update(EksUpdateRecord update) => new()
    {
        ["id"] = update.Id,
        ["status"] = update.Status,
        ["type"] = update.Type,
        ["params"] = new JsonArray([.. update.Params.Select(p => (JsonNode)new JsonObject { ["type"] = p.Key, ["value"] = p.Value })]),
        ["createdAt"] = JsonProtocol.Epoch(update.CreatedAt),
        ["errors"] = new JsonArray([.. update.Errors.Select(e => (JsonNode)new JsonObject
        {
            ["errorCode"] = e.Code,
            ["errorMessage"] = e.Message,
            ["resourceIds"] = new JsonArray(update.AddonName),
        })]),
    };
}
