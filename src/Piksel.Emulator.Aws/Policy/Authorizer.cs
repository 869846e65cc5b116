using Piksel.Emulator.Aws.Iam;
using Piksel.Emulator.Aws.Identity;

namespace Piksel.Emulator.Aws.Policy;

/// <summary>Gathers the caller's identity policies, boundary and session policies and the resource's policy, and asks the evaluator.</summary>
public sealed class Authorizer(IamStore iam) : IAuthorizer
{
    private readonly IamStore iam = iam;

    /// <inheritdoc />
    public AuthorizationResult Authorize(AuthorizationRequest request)
    {
        _ = iam;
        // Placeholder until the policy engine lands: same-account signed callers are allowed.
        var owner = request.ResourceAccount ?? request.Caller.AccountId;
        return request.Caller.Kind != PrincipalKind.Anonymous && owner == request.Caller.AccountId
            ? AuthorizationResult.Allow
            : new AuthorizationResult(false, false, $"User: {request.Caller.Arn} is not authorized to perform: {request.Action} on resource: {request.Resource}");
    }
}
