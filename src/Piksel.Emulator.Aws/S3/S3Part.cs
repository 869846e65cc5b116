namespace Piksel.Emulator.Aws.S3;

/// <summary>One uploaded part.</summary>
public sealed record S3Part
{
    public required string UploadId { get; init; }
    public required int PartNumber { get; init; }
    public required string BlobId { get; init; }
    public required string ETag { get; init; }
    public required long Size { get; init; }
    public required DateTimeOffset LastModified { get; init; }
    /// <summary>The part's checksum in the upload's algorithm, base64.</summary>
    public string? Checksum { get; init; }
}
