namespace Piksel.Platform.Verification;

/// <summary>
/// One AWS call a verification makes with a role's credentials, to see least privilege hold: the action the policy
/// engine evaluates, and a short description for the verification table. The call itself is made by the provider's
/// verifier (Piksel.Hosting), so the same probe runs on every provider.
/// </summary>
public abstract record AccessProbe
{
    /// <summary>The IAM action the call needs, e.g. <c>s3:PutObject</c>.</summary>
    public abstract string Action { get; }

    /// <summary>What the call touches, as the table shows it.</summary>
    public abstract string Target { get; }

    /// <inheritdoc />
    public override string ToString() => $"{Action} {Target}";
}

/// <summary><c>s3:PutObject</c> of a small object (removed again with the environment's own credentials).</summary>
public sealed record S3PutObjectProbe(string Bucket, string Key) : AccessProbe
{
    public override string Action => "s3:PutObject";

    public override string Target => $"s3://{Bucket}/{Key}";
}

/// <summary><c>s3:GetObject</c> of an existing object.</summary>
public sealed record S3GetObjectProbe(string Bucket, string Key) : AccessProbe
{
    public override string Action => "s3:GetObject";

    public override string Target => $"s3://{Bucket}/{Key}";
}

/// <summary><c>s3:ListBucket</c> (ListObjectsV2, one key).</summary>
public sealed record S3ListBucketProbe(string Bucket) : AccessProbe
{
    public override string Action => "s3:ListBucket";

    public override string Target => $"s3://{Bucket}";
}

/// <summary><c>secretsmanager:GetSecretValue</c> of a secret (the value is read and dropped, never shown).</summary>
public sealed record SecretReadProbe(string SecretName) : AccessProbe
{
    public override string Action => "secretsmanager:GetSecretValue";

    public override string Target => SecretName;
}

/// <summary>
/// <c>secretsmanager:PutSecretValue</c> of a secret: a probe expected to be denied, so nothing is written. Were it ever
/// allowed, the verifier puts the previous value back at once.
/// </summary>
public sealed record SecretWriteProbe(string SecretName) : AccessProbe
{
    public override string Action => "secretsmanager:PutSecretValue";

    public override string Target => SecretName;
}

/// <summary>A read-only EC2 call without parameters, e.g. <c>DescribeVolumes</c>.</summary>
public sealed record Ec2DescribeProbe(string Operation) : AccessProbe
{
    public override string Action => $"ec2:{Operation}";

    public override string Target => "*";
}

/// <summary>
/// <c>ec2:CreateVolume</c> of a 1 GiB volume with <paramref name="Tags"/> (deleted again at once when it is made).
/// </summary>
public sealed record Ec2CreateVolumeProbe(IReadOnlyDictionary<string, string> Tags) : AccessProbe
{
    public override string Action => "ec2:CreateVolume";

    public override string Target => Tags.Count == 0 ? "volume without tags" : $"volume tagged {string.Join(", ", Tags.Select(t => $"{t.Key}={t.Value}"))}";
}

/// <summary><c>logs:DescribeLogGroups</c>.</summary>
public sealed record LogsDescribeProbe : AccessProbe
{
    public override string Action => "logs:DescribeLogGroups";

    public override string Target => "log groups";
}

/// <summary><c>logs:CreateLogGroup</c> (deleted again at once when it is made).</summary>
public sealed record LogsCreateGroupProbe(string LogGroupName) : AccessProbe
{
    public override string Action => "logs:CreateLogGroup";

    public override string Target => LogGroupName;
}

/// <summary><c>sts:AssumeRole</c> into another role, with or without an external id.</summary>
public sealed record AssumeRoleProbe(string RoleArn, string? ExternalId) : AccessProbe
{
    public override string Action => "sts:AssumeRole";

    public override string Target => ExternalId is null ? $"{RoleArn} without external id" : $"{RoleArn} with external id";
}
