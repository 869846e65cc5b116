using System.Text.Json;
using System.Text.Json.Serialization;

namespace Piksel.Emulator.Aws.Faults;

/// <summary>Reads and writes <see cref="FaultError"/> as LocalStack's object or as a kind's name.</summary>
internal sealed class FaultErrorConverter : JsonConverter<FaultError>
{
    /// <summary>The kinds as they are written.</summary>
    public static string Name(FaultErrorKind kind) => kind.ToString().ToLowerInvariant();

    /// <summary>The kind named <paramref name="text"/>, or null.</summary>
    public static FaultErrorKind? ParseKind(string? text) =>
        Enum.GetValues<FaultErrorKind>().Cast<FaultErrorKind?>().FirstOrDefault(k => string.Equals(Name(k!.Value), text, StringComparison.OrdinalIgnoreCase));

    /// <inheritdoc />
    public override FaultError Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.String)
        {
            var text = reader.GetString();
            return ParseKind(text) is { } kind
                ? FaultError.Of(kind)
                : throw new JsonException($"\"error\": \"{text}\" is not a kind of error; use throttling, unavailable or internal, or an object {{\"statusCode\": 503, \"code\": \"ServiceUnavailable\"}}.");
        }

        if (reader.TokenType != JsonTokenType.StartObject)
            throw new JsonException("\"error\" must be an object {\"statusCode\": …, \"code\": …, \"message\": …} or one of \"throttling\", \"unavailable\", \"internal\".");
        var error = new FaultError();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            var name = reader.GetString();
            reader.Read();
            error = name switch
            {
                "statusCode" when reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var status) => error with { StatusCode = status },
                "code" when reader.TokenType == JsonTokenType.String => error with { Code = reader.GetString() },
                "message" when reader.TokenType == JsonTokenType.String => error with { Message = reader.GetString() },
                "statusCode" or "code" or "message" => throw new JsonException($"\"error.{name}\" has the wrong type: statusCode is a whole number, code and message are strings."),
                _ => throw new JsonException($"\"error\" has no field \"{name}\"; it has statusCode, code and message."),
            };
        }

        return error;
    }

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, FaultError value, JsonSerializerOptions options)
    {
        if (value.Kind is { } kind)
        {
            writer.WriteStringValue(Name(kind));
            return;
        }

        writer.WriteStartObject();
        if (value.StatusCode is { } status) writer.WriteNumber("statusCode", status);
        if (value.Code is { } code) writer.WriteString("code", code);
        if (value.Message is { } message) writer.WriteString("message", message);
        writer.WriteEndObject();
    }
}
