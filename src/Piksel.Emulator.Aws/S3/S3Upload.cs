namespace Piksel.Emulator.Aws.S3;

/// <summary>A multipart upload in progress.</summary>
public sealed record S3Upload
{
    public required string UploadId { get; init; }
    public required string Bucket { get; init; }
    public required string Key { get; init; }
    public required DateTimeOffset Initiated { get; init; }
    public required string InitiatorArn { get; init; }
    public required string InitiatorId { get; init; }
    public string OwnerAccount { get; init; } = "";
    public string ContentType { get; init; } = "binary/octet-stream";
    public IReadOnlyDictionary<string, string> Metadata { get; init; } = new Dictionary<string, string>();
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();
    public IReadOnlyDictionary<string, string> Tags { get; init; } = new Dictionary<string, string>();
    public string? ChecksumAlgorithm { get; init; }
    public string? ChecksumType { get; init; }
    public S3Encryption Encryption { get; init; } = S3Encryption.SseS3;
    public string StorageClass { get; init; } = "STANDARD";
    public string Acl { get; init; } = "private";
}
