namespace Piksel.Platform.Aws.Eks;

/// <summary>An access policy associated with an access entry.</summary>
public sealed record EksAssociatedAccessPolicy(string PolicyArn, EksAccessScope Scope, DateTimeOffset AssociatedAt, DateTimeOffset ModifiedAt);
