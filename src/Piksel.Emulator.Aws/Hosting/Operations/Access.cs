using Piksel.Emulator.Aws.Policy;

namespace Piksel.Emulator.Aws.Hosting.Operations;

/// <summary>
/// What an action is checked against: the resource's ARN, the resource policy and account where the resource has
/// them, the request's condition keys, and facts only the service's own authorizer reads (S3: the bucket and the
/// object's ACL).
/// </summary>
public sealed record Access(string Resource)
{
    /// <summary>The resource's own policy (bucket policy, key policy, trust policy), evaluated beside the caller's.</summary>
    public ResourcePolicy? ResourcePolicy { get; init; }

    /// <summary>The account that owns the resource, when it may differ from the caller's (cross-account access).</summary>
    public string? ResourceAccount { get; init; }

    /// <summary>Condition keys the request sets (aws:RequestTag/…, aws:TagKeys, service keys).</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>>? ContextKeys { get; init; }

    /// <summary>Service-specific facts for the service's <see cref="IAwsService.Authorize"/>; null for most services.</summary>
    public object? Subject { get; init; }

    /// <summary>Every resource of the account, as list and describe actions without a resource type are authorized.</summary>
    public static Access Any { get; } = new("*");
}
