using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Piksel.Emulator.Aws.State;

/// <summary>Writes a <see cref="SealedAttribute"/> property sealed under the store's master key and opens it on the way back.</summary>
internal sealed class SealedStringConverter(StateStore store, string purpose) : JsonConverter<string>
{
    /// <inheritdoc />
    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var text = reader.GetString();
        return text is null ? null : store.OpenSealed(text, purpose);
    }

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) =>
        writer.WriteStringValue(store.Seal(Encoding.UTF8.GetBytes(value), purpose));
}
