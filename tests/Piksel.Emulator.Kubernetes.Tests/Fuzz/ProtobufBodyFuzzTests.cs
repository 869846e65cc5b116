using System.Net;
using CsCheck;
using Piksel.Emulator.Kubernetes.Api;
using Piksel.Emulator.Kubernetes.Rest.Protobuf;
using static Piksel.Emulator.Kubernetes.Tests.Rest.Protobuf.ProtoWriter;

namespace Piksel.Emulator.Kubernetes.Tests.Fuzz;

/// <summary>Protobuf request bodies fuzzed: whatever follows the magic decodes to JSON or is a 400/415 Status, never anything else.</summary>
public sealed class ProtobufBodyFuzzTests
{
    private static readonly (string ApiVersion, string Kind)[] Kinds =
    [
        ("apps/v1", "Deployment"), ("apps/v1", "StatefulSet"), ("apps/v1", "DaemonSet"), ("batch/v1", "Job"), ("batch/v1", "CronJob"),
        ("v1", "Pod"), ("v1", "PersistentVolumeClaim"), ("v1", "ConfigMap"), ("autoscaling/v1", "Scale"), ("v1", "DeleteOptions"),
    ];

    private static readonly byte[] Seed = Envelope("apps/v1", "Deployment",
        NewObjectMeta("web", Entry(11, "app", "web")),
        Message(2, Varint(1, 2), Message(3, NewObjectMeta(""), Message(2,
            Message(1, Text(1, "cfg"), Message(2, Message(19, Message(1, Text(1, "settings"))))),
            Message(2, Text(1, "web"), Text(2, "nginx"), Message(8, Message(1, Text(1, "cpu"), Message(2, Text(1, "1")))),
                Message(10, Message(1, Message(2, Message(2, Varint(1, 1), Text(3, "http"))))))))));

    private static void Decode(byte[] body)
    {
        try
        {
            ProtobufBodies.Decode(body);
        }
        catch (StatusException e) when (e.Code is HttpStatusCode.BadRequest or HttpStatusCode.UnsupportedMediaType)
        {
        }
    }

    [Fact]
    public void Random_bytes_after_the_magic_are_json_or_a_status() =>
        Gen.Byte.Array[0, 512].Select(bytes => (byte[])[0x6b, 0x38, 0x73, 0x00, .. bytes])
            .Sample(Decode, seed: FuzzSettings.Seed, time: FuzzSettings.Seconds);

    [Fact]
    public void Random_raw_messages_of_each_kind_are_json_or_a_status() =>
        Gen.Select(Gen.Int[0, Kinds.Length - 1], Gen.Byte.Array[0, 512])
            .Select((kind, raw) => Envelope(Kinds[kind].ApiVersion, Kinds[kind].Kind, raw))
            .Sample(Decode, seed: FuzzSettings.Seed, time: FuzzSettings.Seconds);

    [Fact]
    public void Mutated_deployments_are_json_or_a_status() =>
        Gen.Select(Gen.Int[0, Seed.Length - 1], Gen.Byte, Gen.Int[0, Seed.Length])
            .Select((at, value, cut) =>
            {
                var body = Seed[..Math.Max(cut, 5)];
                if (at < body.Length) body[at] = value;
                return body;
            })
            .Sample(Decode, seed: FuzzSettings.Seed, time: FuzzSettings.Seconds);
}
