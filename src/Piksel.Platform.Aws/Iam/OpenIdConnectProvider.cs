namespace Piksel.Platform.Aws.Iam;

/// <summary>An IAM OpenID Connect provider. <see cref="Url"/> is as IAM answers it: without <c>https://</c>.</summary>
public sealed record OpenIdConnectProvider
{
    public required string Arn { get; init; }
    public required string Url { get; init; }
    public IReadOnlyList<string> ClientIds { get; init; } = [];
    public IReadOnlyList<string> Thumbprints { get; init; } = [];
    public DateTimeOffset CreateDate { get; init; }
    public IReadOnlyList<IamTag> Tags { get; init; } = [];
}
