namespace Piksel.Emulator.Aws.Hosting.Operations;

/// <summary>One action the caller must be allowed on one <see cref="Operations.Access"/> before a handler runs.</summary>
/// <param name="Action">The IAM action, <c>service:Operation</c>.</param>
/// <param name="Access">The resource and its authorization context.</param>
/// <param name="OnDenied">The error to answer instead of the service's AccessDenied (CloudWatch Logs' tagging sentence); null for the usual one.</param>
public sealed record AccessDemand(string Action, Access Access, Func<Protocol.AwsServiceException>? OnDenied = null);
