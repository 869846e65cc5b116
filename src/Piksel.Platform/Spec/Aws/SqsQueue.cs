using Piksel.Platform.Policies;

namespace Piksel.Platform.Spec.Aws;

/// <summary>An SQS standard queue named by the resource's name, with its retention, encryption and queue policy. Outputs: <c>arn</c>, <c>url</c>.</summary>
public sealed record SqsQueue : AwsResource
{
    /// <summary>The queue URL output.</summary>
    public const string UrlOutput = "url";

    /// <summary>How long a message is kept, 60–1,209,600 seconds. Default: 345,600 (four days, SQS's own default).</summary>
    public int MessageRetentionSeconds { get; init; } = 345_600;

    /// <summary>Server-side encryption with SQS-owned keys (SSE-SQS). Default: true.</summary>
    public bool SqsManagedSse { get; init; } = true;

    /// <summary>The queue policy (who besides the account's principals may use it). Default: none.</summary>
    public PolicyDocument? Policy { get; init; }

    /// <summary>The queue's URL, known once it exists.</summary>
    [NotAttribute]
    public OutputRef Url => Output(UrlOutput);

    /// <summary>Checks the retention range; throws with the field and what is allowed.</summary>
    public SqsQueue Validate() => MessageRetentionSeconds is < 60 or > 1_209_600
        ? throw new ArgumentOutOfRangeException(nameof(MessageRetentionSeconds), MessageRetentionSeconds, $"Queue {Name}: MessageRetentionSeconds must be from 60 to 1209600.")
        : this;
}
