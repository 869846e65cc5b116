using Piksel.Emulator.Aws.Eks;
using Piksel.Emulator.Aws.Hosting;
using Piksel.Emulator.Aws.Hosting.Operations;
using Piksel.Emulator.Aws.Protocol;

namespace Piksel.Emulator.Aws.EksAuth;

/// <summary>
/// Amazon EKS Auth (<c>eks-auth</c>, restJson1, 2023-11-26): AssumeRoleForPodIdentity, which the EKS Pod Identity Agent
/// calls with a pod's projected service-account token to get the credentials of the role its service account is
/// associated with.
/// </summary>
public sealed class EksAuthService : IAwsService
{
    private const string Route = "assume-role-for-pod-identity";

    /// <summary>The service over <paramref name="state"/>, reading clusters and associations from <paramref name="eks"/>.</summary>
    public EksAuthService(EmulatorState state, EksService eks)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(eks);
        var exchange = new PodIdentityExchange(state, eks);
        Operations = new OperationTable().AddGroup(new PodIdentityCredentials(exchange)).Freeze();
        Agent = new PodIdentityAgentEndpoint(state, exchange);
    }

    /// <summary>The local Pod Identity Agent, which exchanges a pod's token exactly as AssumeRoleForPodIdentity does.</summary>
    public PodIdentityAgentEndpoint Agent { get; }

    /// <inheritdoc />
    public string SigningName => "eks-auth";

    /// <inheritdoc />
    public AwsProtocol Protocol => AwsProtocol.RestJson;

    /// <inheritdoc />
    public OperationTable Operations { get; }

    /// <inheritdoc />
    public AwsOperation Resolve(AwsRequestContext context)
    {
        var method = context.Http.Request.Method;
        var segments = EksParameters.Segments(context);
        return method == "POST" && segments is ["clusters", { Length: > 0 }, Route] && Operations.Find("AssumeRoleForPodIdentity") is { } operation
            ? operation
            : throw EksAuthErrors.UnknownOperation(method, context.Http.Request.Path.Value ?? "/");
    }

    /// <summary>The cluster name of the request's path (<c>/clusters/{clusterName}/assume-role-for-pod-identity</c>).</summary>
    internal static string ClusterName(AwsRequestContext context) => EksParameters.Segments(context)[1];
}
