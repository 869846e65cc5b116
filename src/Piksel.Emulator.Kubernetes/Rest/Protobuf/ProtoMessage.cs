namespace Piksel.Emulator.Kubernetes.Rest.Protobuf;

/// <summary>How a protobuf field reads and how its Go field writes to JSON.</summary>
internal enum ProtoKind
{
    /// <summary>A string (also enum-like string types such as <c>SecretType</c>).</summary>
    String,
    /// <summary>A byte string, base64 in JSON as Go writes <c>[]byte</c>.</summary>
    Bytes,
    Bool,
    Int32,
    Int64,
    /// <summary>A nested message with its own schema.</summary>
    Message,
    /// <summary><c>map&lt;string, string&gt;</c>: repeated entries {key = 1, value = 2}.</summary>
    StringMap,
    /// <summary><c>map&lt;string, bytes&gt;</c>: values base64 in JSON.</summary>
    BytesMap,
    /// <summary>metav1.Time {seconds = 1, nanos = 2}: RFC 3339 to the second in JSON, null when zero.</summary>
    Time,
    /// <summary>intstr.IntOrString {type = 1, intVal = 2, strVal = 3}: a number or a string in JSON.</summary>
    IntOrString,
    /// <summary>metav1.FieldsV1 {Raw = 1}: the raw bytes are the JSON value itself.</summary>
    RawJson,
    /// <summary>resource.Quantity {string = 1}: the quantity string in JSON.</summary>
    Quantity,
    /// <summary><c>map&lt;string, Quantity&gt;</c> (ResourceList): values are quantity strings in JSON.</summary>
    QuantityMap,
    /// <summary>An embedded Go struct (<c>json:",inline"</c>): its fields are written into the enclosing object.</summary>
    Inline,
}

/// <summary>How Go's encoding/json treats a field the decoded struct holds, which decides what the JSON path would have sent.</summary>
internal enum Presence
{
    /// <summary>A value field tagged <c>omitempty</c>: left out when zero or empty.</summary>
    OmitEmpty,
    /// <summary>A pointer field (<c>*bool</c>, <c>*int64</c>, <c>*Struct</c>): written whenever the sender set it, even to zero.</summary>
    Pointer,
    /// <summary>A value field without <c>omitempty</c>, or a struct (which <c>omitempty</c> never omits): always written.</summary>
    Always,
}

/// <summary>One field of a message: its JSON name, how it is encoded, and whether it repeats.</summary>
internal sealed record ProtoField(int Number, string Name, ProtoKind Kind, Presence Presence = Presence.OmitEmpty, bool Repeated = false, ProtoMessage? Message = null);

/// <summary>
/// A message schema, fields in the Go struct's order (which is the order Go writes JSON keys in). Field numbers come from the
/// <c>generated.proto</c> files of k8s.io/api and k8s.io/apimachinery.
/// </summary>
internal sealed class ProtoMessage
{
    private readonly Dictionary<int, ProtoField> byNumber = [];
    private readonly List<ProtoField> fields = [];

    /// <summary>The fields in JSON order.</summary>
    public IReadOnlyList<ProtoField> Fields => fields;

    /// <summary>The field with that number, if the schema knows it (unknown fields are skipped, as proto2 does).</summary>
    public ProtoField? Find(int number) => byNumber.GetValueOrDefault(number);

    /// <summary>Adds a scalar, map or Time/IntOrString field.</summary>
    public ProtoMessage Add(int number, string name, ProtoKind kind, Presence presence = Presence.OmitEmpty, bool repeated = false) =>
        Add(new ProtoField(number, name, kind, presence, repeated));

    /// <summary>
    /// Adds a nested message field: by default a value struct (<see cref="Presence.Always"/>) or, repeated, a slice tagged
    /// omitempty; pass <see cref="Presence.Pointer"/> for a pointer, <see cref="Presence.Always"/> for a slice without omitempty.
    /// </summary>
    public ProtoMessage Add(int number, string name, ProtoMessage message, Presence? presence = null, bool repeated = false)
    {
        // A schema declared after its user would be null here; fail at type initialisation, not on a request.
        ArgumentNullException.ThrowIfNull(message);
        return Add(new ProtoField(number, name, ProtoKind.Message, presence ?? (repeated ? Presence.OmitEmpty : Presence.Always), repeated, message));
    }

    /// <summary>Adds a pointer to a nested message (<c>*Struct</c>, written whenever set).</summary>
    public ProtoMessage Pointer(int number, string name, ProtoMessage message) => Add(number, name, message, Presence.Pointer);

    /// <summary>Adds a repeated nested message (a slice tagged omitempty).</summary>
    public ProtoMessage List(int number, string name, ProtoMessage message) => Add(number, name, message, repeated: true);

    /// <summary>Adds an embedded struct whose fields Go writes inline (<c>json:",inline"</c>), e.g. LocalObjectReference in a key selector.</summary>
    public ProtoMessage Inline(int number, ProtoMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return Add(new ProtoField(number, "", ProtoKind.Inline, Presence.Always, false, message));
    }

    /// <summary>Adds a repeated string (<c>[]string</c>, omitted when empty).</summary>
    public ProtoMessage Strings(int number, string name) => Add(number, name, ProtoKind.String, repeated: true);

    private ProtoMessage Add(ProtoField field)
    {
        byNumber.Add(field.Number, field);
        fields.Add(field);
        return this;
    }
}
