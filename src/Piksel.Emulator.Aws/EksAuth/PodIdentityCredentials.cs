using System.Text.Json.Nodes;
using Piksel.Emulator.Aws.Eks;
using Piksel.Emulator.Aws.Hosting.Operations;
using Piksel.Emulator.Aws.Protocol;
using Piksel.Emulator.Aws.Sts;

namespace Piksel.Emulator.Aws.EksAuth;

/// <summary>
/// AssumeRoleForPodIdentity: the cluster of the path and the body's token go through <see cref="PodIdentityExchange"/>
/// (verify the token, find the association, check the role's trust, issue the session); the answer is EKS Auth's.
/// </summary>
internal sealed class PodIdentityCredentials(PodIdentityExchange exchange) : IOperationGroup
{
    /// <inheritdoc />
    public void Register(OperationTable table) =>
        table.Add("AssumeRoleForPodIdentity", "eks-auth:AssumeRoleForPodIdentity", AssumeRoleForPodIdentity);

    private OperationCall AssumeRoleForPodIdentity(Hosting.AwsRequestContext context)
    {
        var clusterName = EksAuthService.ClusterName(context);
        var clusterArn = $"arn:aws:eks:{context.Region}:{context.AccountId}:cluster/{clusterName}";
        return OperationCall.On(clusterArn, async () =>
        {
            var token = PodIdentityExchange.RequireToken(JsonProtocol.ParseBody(context.Body.Span).OptionalString("token"));
            var cluster = exchange.Eks.FindCluster(context.AccountId, context.Region, clusterName)
                ?? throw EksAuthErrors.NotFound($"No cluster found for name: {clusterName}.");
            var grant = await exchange.ExchangeAsync(cluster, token, context.Facts);
            var session = grant.Session;
            await EksParameters.Write(context, new JsonObject
            {
                ["subject"] = new JsonObject { ["namespace"] = grant.Namespace, ["serviceAccount"] = grant.ServiceAccount },
                ["audience"] = PodIdentityExchange.PodsService,
                ["podIdentityAssociation"] = new JsonObject { ["associationArn"] = grant.Association.AssociationArn, ["associationId"] = grant.Association.AssociationId },
                ["assumedRoleUser"] = new JsonObject { ["arn"] = SessionIssuer.AssumedRoleArn(session), ["assumeRoleId"] = $"{session.RoleId}:{session.SessionName}" },
                ["credentials"] = new JsonObject
                {
                    ["sessionToken"] = session.SessionToken,
                    ["secretAccessKey"] = session.SecretAccessKey,
                    ["accessKeyId"] = session.AccessKeyId,
                    ["expiration"] = JsonProtocol.Epoch(session.Expiration),
                },
            });
        });
    }
}
