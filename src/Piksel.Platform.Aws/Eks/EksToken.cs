using System.Globalization;
using System.Text.Json.Nodes;

namespace Piksel.Platform.Aws.Eks;

/// <summary>A bearer token for an EKS cluster's API server and when clients should stop using it.</summary>
/// <param name="Token"><c>k8s-aws-v1.</c> followed by the base64url of a presigned STS GetCallerIdentity URL.</param>
/// <param name="ExpiresAt">14 minutes after signing, as <c>aws eks get-token</c> reports it (the server accepts 15).</param>
public sealed record EksToken(string Token, DateTimeOffset ExpiresAt)
{
    /// <summary>The ExecCredential a kubeconfig exec plugin prints (client.authentication.k8s.io/v1beta1).</summary>
    public string ToExecCredentialJson() => new JsonObject
    {
        ["kind"] = "ExecCredential",
        ["apiVersion"] = "client.authentication.k8s.io/v1beta1",
        ["spec"] = new JsonObject(),
        ["status"] = new JsonObject
        {
            ["expirationTimestamp"] = ExpiresAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
            ["token"] = Token,
        },
    }.ToJsonString();

    /// <summary>Never prints the token.</summary>
    public override string ToString() => $"EksToken(expires {ExpiresAt:O})";
}
