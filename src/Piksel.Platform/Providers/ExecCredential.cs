namespace Piksel.Platform.Providers;

/// <summary>
/// A command kubectl runs for a token (a client-go credential plugin, <c>client.authentication.k8s.io/v1beta1</c>),
/// such as <c>aws eks get-token</c>; the kubeconfig holds no secret, the command's own credentials are used.
/// </summary>
/// <param name="Command">The program.</param>
/// <param name="Arguments">Its arguments.</param>
/// <param name="Environment">Variables set for it on top of kubectl's own environment (default: none).</param>
public sealed record ExecCredential(string Command, IReadOnlyList<string> Arguments, IReadOnlyList<KeyValuePair<string, string>> Environment)
    : KubeconfigCredential
{
    /// <summary>
    /// <c>aws --region &lt;region&gt; eks get-token --cluster-name &lt;name&gt; --output json</c>, as
    /// <c>aws eks update-kubeconfig</c> writes it; <paramref name="endpoint"/>, when given, is set as
    /// <c>AWS_ENDPOINT_URL</c> (an AWS-compatible endpoint rather than AWS's own).
    /// </summary>
    public static ExecCredential AwsEksGetToken(string clusterName, string region, Uri? endpoint) => new(
        "aws",
        ["--region", region, "eks", "get-token", "--cluster-name", clusterName, "--output", "json"],
        endpoint is null ? [] : [KeyValuePair.Create("AWS_ENDPOINT_URL", endpoint.ToString().TrimEnd('/'))]);
}
