namespace Piksel.Emulator.Aws.Kms;

/// <summary>Key policies of AWS managed keys, in the shape AWS gives them.</summary>
internal static class ManagedKeyPolicy
{
    public static string ServiceTitle(string service) => service switch
    {
        "secretsmanager" => "Secrets Manager",
        _ => service,
    };

    /// <summary>
    /// The <c>aws/&lt;service&gt;</c> policy (AWS's own repeats one Sid; IAM's grammar wants them unique, so the
    /// data-key statement has its own): principals of the account may use the key through the service only
    /// (<c>kms:CallerAccount</c> + <c>kms:ViaService</c>), and the account may read its metadata directly.
    /// </summary>
    public static string For(string account, string region, string service) => Template
        .Replace("{account}", account, StringComparison.Ordinal).Replace("{region}", region, StringComparison.Ordinal)
        .Replace("{title}", ServiceTitle(service), StringComparison.Ordinal).Replace("{service}", service, StringComparison.Ordinal);

    private const string Template = """
        {"Version":"2012-10-17","Id":"auto-{service}-2","Statement":[
        {"Sid":"Allow access through {title} for all principals in the account that are authorized to use {title}","Effect":"Allow","Principal":{"AWS":"*"},"Action":["kms:Encrypt","kms:Decrypt","kms:ReEncrypt*","kms:CreateGrant","kms:DescribeKey"],"Resource":"*","Condition":{"StringEquals":{"kms:CallerAccount":"{account}","kms:ViaService":"{service}.{region}.amazonaws.com"}}},
        {"Sid":"Allow data keys through {title} for all principals in the account that are authorized to use {title}","Effect":"Allow","Principal":{"AWS":"*"},"Action":"kms:GenerateDataKey*","Resource":"*","Condition":{"StringEquals":{"kms:CallerAccount":"{account}"},"StringLike":{"kms:ViaService":"{service}.*.amazonaws.com"}}},
        {"Sid":"Allow direct access to key metadata to the account","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::{account}:root"},"Action":["kms:Describe*","kms:Get*","kms:List*","kms:RevokeGrant"],"Resource":"*"}]}
        """;
}
