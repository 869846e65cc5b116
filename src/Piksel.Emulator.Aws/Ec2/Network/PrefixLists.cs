using System.Security.Cryptography;
using System.Text;

namespace Piksel.Emulator.Aws.Ec2.Network;

/// <summary>
/// The AWS-managed prefix lists of a region's gateway-endpoint services (S3, DynamoDB): <c>com.amazonaws.&lt;region&gt;.s3</c>
/// with an id <c>pl-</c> and 8 hex digits that stays the same for the region, as AWS's do.
/// </summary>
internal static class PrefixLists
{
    /// <summary>The services a gateway endpoint can reach, with the address blocks their lists hold.</summary>
    private static readonly (string Service, string[] Cidrs)[] Services =
    [
        ("s3", ["3.5.0.0/19", "16.15.176.0/20", "52.216.0.0/15", "54.231.0.0/16"]),
        ("dynamodb", ["3.218.180.0/22", "52.94.0.0/22", "52.119.224.0/20"]),
    ];

    /// <summary>The region's lists: id, name and blocks.</summary>
    public static IReadOnlyList<PrefixList> Of(string region) =>
        [.. Services.Select(s => new PrefixList(IdOf(region, s.Service), NameOf(region, s.Service), s.Cidrs))];

    /// <summary>The list of the service named <paramref name="serviceName"/> (<c>com.amazonaws.&lt;region&gt;.s3</c>), or null.</summary>
    public static PrefixList? ForService(string region, string serviceName) => Of(region).FirstOrDefault(p => p.Name == serviceName);

    /// <summary>Refuses a prefix list id that is not one of the region's, with EC2's codes.</summary>
    public static string Require(string region, string id)
    {
        if (!id.StartsWith("pl-", StringComparison.Ordinal) || id.Length > 20 || !id[3..].All(char.IsAsciiHexDigitLower) || id.Length < 11)
            throw new Protocol.AwsServiceException("InvalidPrefixListId.Malformed", $"Invalid id: \"{id}\" (expecting \"pl-...\")");
        return Of(region).Any(p => p.Id == id) ? id
            : throw new Protocol.AwsServiceException("InvalidPrefixListID.NotFound", $"The prefix list ID '{id}' does not exist");
    }

    private static string NameOf(string region, string service) => $"com.amazonaws.{region}.{service}";

    private static string IdOf(string region, string service) =>
        "pl-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(NameOf(region, service))))[..8];
}

/// <summary>An AWS-managed prefix list.</summary>
internal sealed record PrefixList(string Id, string Name, IReadOnlyList<string> Cidrs);
