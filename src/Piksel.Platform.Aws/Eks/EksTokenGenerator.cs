using System.Buffers.Text;
using System.Globalization;
using System.Text;
using Amazon.Runtime.Internal.Auth;
using Piksel.Platform.Aws.Http;

namespace Piksel.Platform.Aws.Eks;

/// <summary>
/// Makes EKS tokens as aws-iam-authenticator and <c>aws eks get-token</c> do: an STS GetCallerIdentity request
/// presigned (SigV4 in the query, AWSSDK.Core's signer) with the <c>x-k8s-aws-id</c> header naming the cluster among
/// the signed headers, X-Amz-Expires 60 (ignored by the server, which allows 15 minutes), base64url without padding.
/// </summary>
public sealed class EksTokenGenerator(AwsClientOptions options, TimeProvider? time = null)
{
    /// <summary>The prefix of EKS tokens.</summary>
    public const string Prefix = "k8s-aws-v1.";

    /// <summary>The header that binds a token to one cluster.</summary>
    public const string ClusterIdHeader = "x-k8s-aws-id";

    private readonly TimeProvider time = time ?? TimeProvider.System;

    /// <summary>A token for <paramref name="clusterName"/> with the options' credentials.</summary>
    public async Task<EksToken> GetTokenAsync(string clusterName, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(clusterName);
        cancellationToken.ThrowIfCancellationRequested();
        var identity = await options.ResolveCredentials().GetCredentialsAsync();
        var signedAt = time.GetUtcNow().UtcDateTime;
        var endpoint = options.EndpointFor("sts") ?? new Uri($"https://sts.{options.Region}.amazonaws.com/");
        var host = endpoint.IsDefaultPort ? endpoint.Host : $"{endpoint.Host}:{endpoint.Port.ToString(CultureInfo.InvariantCulture)}";
        var amzDate = signedAt.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        var scope = $"{signedAt.ToString("yyyyMMdd", CultureInfo.InvariantCulture)}/{options.Region}/sts/aws4_request";
        const string signedHeaders = "host;" + ClusterIdHeader;

        var query = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["Action"] = "GetCallerIdentity",
            ["Version"] = "2011-06-15",
            ["X-Amz-Algorithm"] = "AWS4-HMAC-SHA256",
            ["X-Amz-Credential"] = $"{identity.AccessKey}/{scope}",
            ["X-Amz-Date"] = amzDate,
            ["X-Amz-Expires"] = "60",
            ["X-Amz-SignedHeaders"] = signedHeaders,
        };
        if (identity.UseToken) query["X-Amz-Security-Token"] = identity.Token;
        var canonicalQuery = string.Join('&', query.Select(p => $"{Uri.EscapeDataString(p.Key)}={Uri.EscapeDataString(p.Value)}"));
        var canonical = string.Join('\n',
            "GET",
            "/",
            canonicalQuery,
            $"host:{host}\n{ClusterIdHeader}:{clusterName}\n",
            signedHeaders,
            Convert.ToHexStringLower(AWS4Signer.ComputeHash([])));
        var signature = AWS4Signer.ComputeSignature(identity, options.Region, signedAt, "sts", signedHeaders, canonical).Signature;

        var url = $"{endpoint.GetLeftPart(UriPartial.Authority)}/?{canonicalQuery}&X-Amz-Signature={signature}";
        var token = Prefix + Base64Url.EncodeToString(Encoding.UTF8.GetBytes(url));
        return new EksToken(token, new DateTimeOffset(signedAt, TimeSpan.Zero).AddMinutes(14));
    }
}
