using System.Globalization;
using System.Text.Json;

namespace Piksel.Emulator.Aws.Sqs;

/// <summary>
/// The queue attributes SQS lets a caller set, with their ranges and defaults, and the read-only ones it computes.
/// Values travel as strings on both protocols.
/// </summary>
internal static class SqsQueueAttributes
{
    /// <summary>Numeric attributes: allowed range and default.</summary>
    private static readonly Dictionary<string, (int Min, int Max, int Default)> Numeric = new(StringComparer.Ordinal)
    {
        ["DelaySeconds"] = (0, 900, 0),
        ["MaximumMessageSize"] = (1024, 1_048_576, 1_048_576),
        ["MessageRetentionPeriod"] = (60, 1_209_600, 345_600),
        ["ReceiveMessageWaitTimeSeconds"] = (0, 20, 0),
        ["VisibilityTimeout"] = (0, 43_200, 30),
        ["KmsDataKeyReusePeriodSeconds"] = (60, 86_400, 300),
    };

    private static readonly HashSet<string> Booleans = new(["SqsManagedSseEnabled", "FifoQueue", "ContentBasedDeduplication"], StringComparer.Ordinal);

    private static readonly HashSet<string> Free = new(["Policy", "RedrivePolicy", "RedriveAllowPolicy", "KmsMasterKeyId", "DeduplicationScope", "FifoThroughputLimit"], StringComparer.Ordinal);

    /// <summary>What GetQueueAttributes can name besides the settable ones.</summary>
    public static readonly string[] ReadOnly =
    [
        "QueueArn", "ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible", "ApproximateNumberOfMessagesDelayed",
        "CreatedTimestamp", "LastModifiedTimestamp",
    ];

    /// <summary>Every name GetQueueAttributes accepts (and <c>All</c>).</summary>
    public static bool IsKnown(string name) => name == "All" || Numeric.ContainsKey(name) || Booleans.Contains(name) || Free.Contains(name) || ReadOnly.Contains(name);

    /// <summary>
    /// Checks <paramref name="given"/> as CreateQueue or SetQueueAttributes gives them; throws InvalidAttributeName for an
    /// unknown or read-only name and InvalidAttributeValue for a value out of range.
    /// </summary>
    public static void Validate(IReadOnlyDictionary<string, string> given, bool fifo, bool creating)
    {
        foreach (var (name, value) in given)
        {
            if (Numeric.TryGetValue(name, out var range))
            {
                if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n < range.Min || n > range.Max)
                    throw SqsErrors.InvalidAttributeValue(name, $"Must be an integer from {range.Min} to {range.Max} seconds or bytes.");
            }
            else if (Booleans.Contains(name))
            {
                if (value is not ("true" or "false")) throw SqsErrors.InvalidAttributeValue(name, "Must be true or false.");
                if (name == "FifoQueue" && (!creating || (value == "true") != fifo))
                    throw SqsErrors.InvalidAttributeValue(name, "The name of a FIFO queue can only include alphanumeric characters, hyphens, or underscores, must end with .fifo suffix.");
                if (name == "ContentBasedDeduplication" && !fifo) throw SqsErrors.InvalidAttributeName(name);
            }
            else if (name is "Policy" or "RedrivePolicy" or "RedriveAllowPolicy")
            {
                if (value.Length > 0 && !IsJsonObject(value)) throw SqsErrors.InvalidAttributeValue(name, "Invalid JSON.");
            }
            else if (!Free.Contains(name))
            {
                throw SqsErrors.InvalidAttributeName(name);
            }
        }
        if (given.TryGetValue("SqsManagedSseEnabled", out var sse) && sse == "true" && given.ContainsKey("KmsMasterKeyId"))
            throw SqsErrors.InvalidAttributeValue("SqsManagedSseEnabled", "You can use one type of server-side encryption (SSE) at one time.");
    }

    /// <summary>A new queue's attributes: the defaults, then what the caller gave (SSE-SQS is on unless a KMS key is named).</summary>
    public static Dictionary<string, string> WithDefaults(IReadOnlyDictionary<string, string> given, bool fifo)
    {
        var all = Numeric.Where(n => n.Key != "KmsDataKeyReusePeriodSeconds")
            .ToDictionary(n => n.Key, n => n.Value.Default.ToString(CultureInfo.InvariantCulture), StringComparer.Ordinal);
        all["SqsManagedSseEnabled"] = given.ContainsKey("KmsMasterKeyId") ? "false" : "true";
        if (fifo)
        {
            all["FifoQueue"] = "true";
            all["ContentBasedDeduplication"] = "false";
        }
        foreach (var (name, value) in given) all[name] = value;
        if (all.ContainsKey("KmsMasterKeyId") && !all.ContainsKey("KmsDataKeyReusePeriodSeconds")) all["KmsDataKeyReusePeriodSeconds"] = "300";
        return all;
    }

    /// <summary>The first attribute of <paramref name="given"/> whose value differs from the queue's (CreateQueue's idempotence check).</summary>
    public static string? FirstDifference(IReadOnlyDictionary<string, string> existing, IReadOnlyDictionary<string, string> given) =>
        given.FirstOrDefault(g => !existing.TryGetValue(g.Key, out var v) || !Same(g.Key, v, g.Value)).Key;

    private static bool Same(string name, string a, string b)
    {
        if (name is not ("Policy" or "RedrivePolicy" or "RedriveAllowPolicy") || a == b) return a == b;
        try
        {
            return JsonElement.DeepEquals(JsonDocument.Parse(a).RootElement, JsonDocument.Parse(b).RootElement);
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static bool IsJsonObject(string text)
    {
        try
        {
            using var document = JsonDocument.Parse(text);
            return document.RootElement.ValueKind == JsonValueKind.Object;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
