using Piksel.Emulator.Aws.Protocol;

namespace Piksel.Emulator.Aws.Hosting;

/// <summary>Where a request goes: a service behind the edge, or none (with the reason, answered in the protocol the request speaks).</summary>
/// <param name="Service">The service, or null when the emulator serves none the request names.</param>
/// <param name="Refusal">Why no service takes it (with <see cref="Service"/> null).</param>
/// <param name="Protocol">The protocol to answer <see cref="Refusal"/> in.</param>
internal sealed record ServiceRoute(IAwsService? Service, AwsServiceException? Refusal = null, AwsProtocol Protocol = AwsProtocol.Query);
