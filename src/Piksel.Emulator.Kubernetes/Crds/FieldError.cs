namespace Piksel.Emulator.Kubernetes.Crds;

/// <summary>
/// One validation error as apimachinery's <c>field.Error</c> has it: the field path, the cause type
/// (<c>FieldValueInvalid</c>, <c>FieldValueRequired</c>…) and the message after the path.
/// </summary>
public sealed record FieldError(string Field, string Reason, string Message)
{
    /// <summary>
    /// True for the kinds of error after which CEL rules are not run (Required, NotSupported, TooLong, TooMany,
    /// TypeInvalid): the object is too broken for rules over it to mean anything.
    /// </summary>
    public bool Blocking => Reason is "FieldValueRequired" or "FieldValueNotSupported" or "FieldValueTooLong" or "FieldValueTooMany" or "FieldValueTypeInvalid";

    /// <summary><c>Required value</c>.</summary>
    public static FieldError Required(string field, string detail = "") =>
        new(field, "FieldValueRequired", detail.Length == 0 ? "Required value" : $"Required value: {detail}");

    /// <summary><c>Invalid value: v: detail</c>.</summary>
    public static FieldError Invalid(string field, string value, string detail) => new(field, "FieldValueInvalid", $"Invalid value: {value}: {detail}");

    /// <summary><c>Invalid value: v: detail</c> of a type mismatch.</summary>
    public static FieldError TypeInvalid(string field, string value, string detail) => new(field, "FieldValueTypeInvalid", $"Invalid value: {value}: {detail}");

    /// <summary><c>Unsupported value: v: supported values: "a", "b"</c>.</summary>
    public static FieldError NotSupported(string field, string value, IEnumerable<string> supported) =>
        new(field, "FieldValueNotSupported", $"Unsupported value: {value}: supported values: {string.Join(", ", supported)}");

    /// <summary><c>Duplicate value: v</c>.</summary>
    public static FieldError Duplicate(string field, string value) => new(field, "FieldValueDuplicate", $"Duplicate value: {value}");

    /// <summary><c>Forbidden: detail</c>.</summary>
    public static FieldError Forbidden(string field, string detail) => new(field, "FieldValueForbidden", $"Forbidden: {detail}");

    /// <summary><c>Too long: may not be more than N bytes</c> (the wording since v1.32).</summary>
    public static FieldError TooLong(string field, long max) => new(field, "FieldValueTooLong", $"Too long: may not be more than {max} bytes");

    /// <summary><c>Too many: n: must have at most N items</c>.</summary>
    public static FieldError TooMany(string field, long actual, long max) => new(field, "FieldValueTooMany", $"Too many: {actual}: must have at most {max} items");

    /// <summary>The text after the path, as <c>field.Error.Error()</c> prints it.</summary>
    public override string ToString() => $"{Field}: {Message}";
}
