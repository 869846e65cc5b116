namespace Piksel.Emulator.Aws.S3;

/// <summary>A PutObject/UploadPart body after aws-chunked decoding, with its checked checksums and the algorithm the client used or asked for.</summary>
internal sealed record S3Payload(byte[] Data, string Md5Hex, IReadOnlyDictionary<string, string> Checksums, string? Algorithm);
