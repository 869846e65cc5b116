namespace Piksel.Emulator.Aws.Eks;

/// <summary>EKS's restJson1 routes (API 2017-11-01): which method and path template each operation answers.</summary>
internal static class EksRoutes
{
    /// <summary>Every route, one per operation.</summary>
    public static IReadOnlyList<EksRoute> All { get; } =
    [
        new("POST", "/clusters", "CreateCluster"),
        new("GET", "/clusters", "ListClusters"),
        new("GET", "/clusters/{name}", "DescribeCluster"),
        new("DELETE", "/clusters/{name}", "DeleteCluster"),
        new("POST", "/clusters/{name}/access-entries", "CreateAccessEntry"),
        new("GET", "/clusters/{name}/access-entries", "ListAccessEntries"),
        new("GET", "/clusters/{name}/access-entries/{principalArn}", "DescribeAccessEntry"),
        new("POST", "/clusters/{name}/access-entries/{principalArn}", "UpdateAccessEntry"),
        new("DELETE", "/clusters/{name}/access-entries/{principalArn}", "DeleteAccessEntry"),
        new("POST", "/clusters/{name}/access-entries/{principalArn}/access-policies", "AssociateAccessPolicy"),
        new("GET", "/clusters/{name}/access-entries/{principalArn}/access-policies", "ListAssociatedAccessPolicies"),
        new("DELETE", "/clusters/{name}/access-entries/{principalArn}/access-policies/{policyArn}", "DisassociateAccessPolicy"),
        new("GET", "/access-policies", "ListAccessPolicies"),
        new("POST", "/clusters/{name}/addons", "CreateAddon"),
        new("GET", "/clusters/{name}/addons", "ListAddons"),
        new("GET", "/clusters/{name}/addons/{addonName}", "DescribeAddon"),
        new("POST", "/clusters/{name}/addons/{addonName}/update", "UpdateAddon"),
        new("DELETE", "/clusters/{name}/addons/{addonName}", "DeleteAddon"),
        new("GET", "/addons/supported-versions", "DescribeAddonVersions"),
        new("GET", "/clusters/{name}/updates", "ListUpdates"),
        new("GET", "/clusters/{name}/updates/{updateId}", "DescribeUpdate"),
        new("POST", "/clusters/{name}/fargate-profiles", "CreateFargateProfile"),
        new("GET", "/clusters/{name}/fargate-profiles", "ListFargateProfiles"),
        new("GET", "/clusters/{name}/fargate-profiles/{fargateProfileName}", "DescribeFargateProfile"),
        new("DELETE", "/clusters/{name}/fargate-profiles/{fargateProfileName}", "DeleteFargateProfile"),
        new("POST", "/clusters/{name}/pod-identity-associations", "CreatePodIdentityAssociation"),
        new("GET", "/clusters/{name}/pod-identity-associations", "ListPodIdentityAssociations"),
        new("GET", "/clusters/{name}/pod-identity-associations/{associationId}", "DescribePodIdentityAssociation"),
        new("POST", "/clusters/{name}/pod-identity-associations/{associationId}", "UpdatePodIdentityAssociation"),
        new("DELETE", "/clusters/{name}/pod-identity-associations/{associationId}", "DeletePodIdentityAssociation"),
        new("GET", "/tags/{resourceArn}", "ListTagsForResource"),
        new("POST", "/tags/{resourceArn}", "TagResource"),
        new("DELETE", "/tags/{resourceArn}", "UntagResource"),
    ];

    /// <summary>The route <paramref name="method"/> and <paramref name="segments"/> take, or null.</summary>
    public static EksRoute? Match(string method, IReadOnlyList<string> segments) => All.FirstOrDefault(r => r.Matches(method, segments));

    /// <summary>The route of <paramref name="operation"/>.</summary>
    public static EksRoute Of(string operation) =>
        All.FirstOrDefault(r => r.Operation == operation) ?? throw new InvalidOperationException($"EKS has no route for {operation}.");
}
