namespace Piksel.Platform.Aws.Iam;

/// <summary>A new access key: the only time IAM reveals <see cref="SecretAccessKey"/>.</summary>
public sealed record AccessKey(string UserName, string AccessKeyId, string SecretAccessKey, string Status, DateTimeOffset CreateDate)
{
    /// <summary>Keeps the secret out of logs.</summary>
    public override string ToString() => $"AccessKey {{ UserName = {UserName}, AccessKeyId = {AccessKeyId}, Status = {Status} }}";
}
