using System.Text.Json.Nodes;
using Piksel.Emulator.Kubernetes.Auth.Rbac;

namespace Piksel.Emulator.Aws.Eks.ExternalSecrets;

/// <summary>
/// The RBAC the External Secrets Helm chart installs (external-secrets/external-secrets <c>deploy/charts/external-secrets/templates/rbac.yaml</c>):
/// the controller's ClusterRole bound to its service account, and the view/edit roles that aggregate the kinds into
/// the cluster's view, edit and admin.
/// </summary>
public static class OperatorRbac
{
    private const string Group = "external-secrets.io";
    private static readonly string[] Kinds = ["externalsecrets", "clusterexternalsecrets", "secretstores", "clustersecretstores", "pushsecrets", "clusterpushsecrets"];
    private static readonly string[] Read = ["get", "list", "watch"];

    /// <summary>The chart's ClusterRoles and ClusterRoleBinding.</summary>
    public static IEnumerable<JsonObject> Objects() =>
    [
        Labelled(RbacObjects.ClusterRole("external-secrets-controller",
        [
            PolicyRule.For([Group], Kinds, Read),
            PolicyRule.For([Group], [.. Kinds.SelectMany(k => new[] { k, k + "/status", k + "/finalizers" })], "get", "update", "patch"),
            PolicyRule.For(["generators.external-secrets.io"], ["generatorstates", "acraccesstokens", "clustergenerators", "ecrauthorizationtokens", "fakes", "gcraccesstokens", "githubaccesstokens", "quayaccesstokens", "passwords", "stssessiontokens", "uuids", "vaultdynamicsecrets", "webhooks", "grafanas", "mfas"], Read),
            PolicyRule.For([""], ["serviceaccounts", "namespaces"], Read),
            PolicyRule.For([""], ["configmaps"], Read),
            PolicyRule.For([""], ["secrets"], "get", "list", "watch", "create", "update", "delete", "patch"),
            PolicyRule.For([""], ["serviceaccounts/token"], "create"),
            PolicyRule.For([""], ["events"], "create", "patch"),
            PolicyRule.For([Group], ["externalsecrets"], "create", "update", "delete"),
            PolicyRule.For([Group], ["pushsecrets"], "create", "update", "delete"),
        ])),
        Labelled(RbacObjects.ClusterRole("external-secrets-view", [PolicyRule.For([Group], Kinds, Read)]),
            ("rbac.authorization.k8s.io/aggregate-to-view", "true"), ("rbac.authorization.k8s.io/aggregate-to-edit", "true"), ("rbac.authorization.k8s.io/aggregate-to-admin", "true")),
        Labelled(RbacObjects.ClusterRole("external-secrets-edit", [PolicyRule.For([Group], Kinds, "create", "delete", "deletecollection", "patch", "update")]),
            ("rbac.authorization.k8s.io/aggregate-to-edit", "true"), ("rbac.authorization.k8s.io/aggregate-to-admin", "true")),
        Labelled(RbacObjects.ClusterRoleBinding("external-secrets-controller", "external-secrets-controller",
            $"ServiceAccount:{ExternalSecretsOperator.Identity.Name.Split(':')[2]}:{ExternalSecretsOperator.Identity.Name.Split(':')[3]}")),
    ];

    private static JsonObject Labelled(JsonObject obj, params (string Key, string Value)[] extra)
    {
        var labels = new JsonObject
        {
            ["app.kubernetes.io/name"] = "external-secrets",
            ["app.kubernetes.io/instance"] = "external-secrets",
            ["app.kubernetes.io/managed-by"] = "Helm",
        };
        foreach (var (key, value) in extra) labels[key] = value;
        obj["metadata"]!["labels"] = labels;
        return obj;
    }
}
