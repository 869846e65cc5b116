using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Piksel.Platform.Policies;
using Piksel.Shared;

namespace Piksel.Platform.Spec;

/// <summary>
/// JSON settings for resource records: attribute rendering in plans, and the in-memory round trip that resolves
/// <see cref="OutputRef"/> tokens. Policy documents are written in their canonical AWS form.
/// </summary>
internal static class SpecJson
{
    public static JsonSerializerOptions Options { get; } = Create();

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions
        {
            PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        };
        options.Converters.Add(new JsonStringEnumConverter());
        options.Converters.Add(new PolicyDocumentConverter());
        options.Converters.Add(new SensitiveStringConverter());
        options.Converters.Add(new DurationConverter());
        options.TypeInfoResolver = JsonTypeInfoResolver.Combine(SpecJsonContext.Default, new DefaultJsonTypeInfoResolver());
        options.MakeReadOnly();
        return options;
    }

    private sealed class PolicyDocumentConverter : JsonConverter<PolicyDocument>
    {
        public override PolicyDocument Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            using var document = JsonDocument.ParseValue(ref reader);
            return PolicyDocument.Parse(document.RootElement.GetRawText());
        }

        public override void Write(Utf8JsonWriter writer, PolicyDocument value, JsonSerializerOptions options)
        {
            using var document = JsonDocument.Parse(value.ToJson());
            document.RootElement.WriteTo(writer);
        }
    }

    // Durations read as Kubernetes writes them (10s, 1h30m), in plans as in manifests.
    private sealed class DurationConverter : JsonConverter<TimeSpan>
    {
        public override TimeSpan Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            GoDuration.TryParse(reader.GetString()!, out var duration) ? duration : throw new JsonException("Not a duration.");

        public override void Write(Utf8JsonWriter writer, TimeSpan value, JsonSerializerOptions options) =>
            writer.WriteStringValue(GoDuration.Format(value));
    }

    // Used only for the in-memory token round trip; rendering replaces sensitive values by digests before this runs.
    private sealed class SensitiveStringConverter : JsonConverter<SensitiveString>
    {
        public override SensitiveString Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            new(reader.GetString()!);

        public override void Write(Utf8JsonWriter writer, SensitiveString value, JsonSerializerOptions options) =>
            writer.WriteStringValue(value.Reveal());
    }
}
