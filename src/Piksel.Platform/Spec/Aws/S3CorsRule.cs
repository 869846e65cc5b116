namespace Piksel.Platform.Spec.Aws;

/// <summary>A CORS rule.</summary>
public sealed record S3CorsRule(IReadOnlyList<string> AllowedMethods, IReadOnlyList<string> AllowedOrigins, IReadOnlyList<string> AllowedHeaders, int MaxAgeSeconds);
