namespace Piksel.Emulator.Aws.Sqs;

/// <summary>A queue as stored: where it lives, its settable attributes (by their wire names) and tags.</summary>
internal sealed record SqsQueueRecord
{
    public required string Account { get; init; }
    public required string Region { get; init; }
    public required string Name { get; init; }
    public required DateTimeOffset Created { get; init; }
    public required DateTimeOffset LastModified { get; init; }

    /// <summary>Settable attributes with their defaults filled in (VisibilityTimeout, Policy…), as strings.</summary>
    public required IReadOnlyDictionary<string, string> Attributes { get; init; }

    public IReadOnlyDictionary<string, string> Tags { get; init; } = new Dictionary<string, string>();

    /// <summary>When the last PurgeQueue was accepted (one a minute is allowed).</summary>
    public DateTimeOffset? LastPurge { get; init; }

    public string Arn => ArnOf(Region, Account, Name);

    public bool IsFifo => Name.EndsWith(".fifo", StringComparison.Ordinal);

    public static string ArnOf(string region, string account, string name) => $"arn:aws:sqs:{region}:{account}:{name}";

    /// <summary>An attribute read as seconds (the queue's defaults make every numeric one present).</summary>
    public int Seconds(string attribute) => int.Parse(Attributes[attribute], System.Globalization.CultureInfo.InvariantCulture);
}
