using Piksel.Emulator.Aws.Hosting;
using Piksel.Emulator.Aws.Hosting.Operations;
using Piksel.Emulator.Aws.Protocol;

namespace Piksel.Emulator.Aws.Iam;

/// <summary>
/// IAM (awsQuery, 2010-05-08): roles, inline and managed policies, users and access keys, OIDC providers and tags.
/// Every operation is authorized with its own action (<c>iam:CreateRole</c>…) on the entity's ARN, or <c>*</c> for
/// listings, before it runs; a missing entity is authorized on its path-less ARN, so AccessDenied comes before
/// NoSuchEntity. State lives in <see cref="IamStore"/>, so the authorizer, STS and SigV4 see every change at once.
/// </summary>
public sealed class IamService : IAwsService
{
    /// <summary>The service over the shared state.</summary>
    public IamService(EmulatorState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        var iam = new IamEntities(state.Iam, state.Time);
        Operations = new OperationTable()
            .AddGroup(new RoleOperations(iam))
            .AddGroup(new RolePolicyOperations(iam))
            .AddGroup(new ManagedPolicyOperations(iam))
            .AddGroup(new PolicyVersionOperations(iam))
            .AddGroup(new UserOperations(iam))
            .AddGroup(new UserPolicyOperations(iam))
            .AddGroup(new AccessKeyOperations(iam))
            .AddGroup(new OidcProviderOperations(iam))
            .AddGroup(new IamTagOperations(iam))
            .AddGroup(new InstanceProfileOperations(iam))
            .Freeze();
    }

    /// <inheritdoc />
    public string SigningName => "iam";

    /// <inheritdoc />
    public AwsProtocol Protocol => AwsProtocol.Query;

    /// <inheritdoc />
    public string XmlNamespace => IamXml.Namespace;

    /// <inheritdoc />
    public OperationTable Operations { get; }

    /// <inheritdoc />
    public AwsOperation Resolve(AwsRequestContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var action = context.Query.Action;
        if (string.IsNullOrEmpty(action)) throw new AwsServiceException("MissingAction", "Missing Action");
        return Operations.Find(action)
            ?? throw new AwsServiceException("InvalidAction", $"Could not find operation {action} for version {context.Query.Get("Version") ?? "2010-05-08"}");
    }
}
