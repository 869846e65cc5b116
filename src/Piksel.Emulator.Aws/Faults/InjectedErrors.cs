using System.Net;
using Piksel.Emulator.Aws.Protocol;

namespace Piksel.Emulator.Aws.Faults;

/// <summary>
/// The error an injected fault answers, as the service itself would word it: a <see cref="FaultErrorKind"/> becomes the
/// service's own code, status and message (IAM and STS <c>Throttling</c> 400 "Rate exceeded"; Secrets Manager, KMS and
/// CloudWatch Logs <c>ThrottlingException</c> 400; S3 <c>SlowDown</c> 503; EC2 <c>RequestLimitExceeded</c> 503; EKS
/// <c>TooManyRequestsException</c> 429 — the codes the AWS SDKs' retry handlers list as throttling), and a LocalStack
/// <c>{statusCode, code}</c> is answered as given, with the service's sentence when it knows the code.
/// </summary>
internal static class InjectedErrors
{
    private const string RateExceeded = "Rate exceeded";
    private const string InternalFailure = "The request processing has failed because of an unknown error, exception or failure.";
    private const string TemporaryFailure = "The request has failed due to a temporary failure of the server.";

    private static readonly Dictionary<(string Service, FaultErrorKind Kind), Answer> ByService = new()
    {
        [("iam", FaultErrorKind.Throttling)] = new("Throttling", 400, RateExceeded),
        [("iam", FaultErrorKind.Unavailable)] = new("ServiceUnavailable", 503, TemporaryFailure),
        [("iam", FaultErrorKind.Internal)] = new("ServiceFailure", 500, InternalFailure),
        [("sts", FaultErrorKind.Throttling)] = new("Throttling", 400, RateExceeded),
        [("sts", FaultErrorKind.Unavailable)] = new("ServiceUnavailable", 503, TemporaryFailure),
        [("sts", FaultErrorKind.Internal)] = new("InternalFailure", 500, InternalFailure),
        [("secretsmanager", FaultErrorKind.Throttling)] = new("ThrottlingException", 400, RateExceeded),
        [("secretsmanager", FaultErrorKind.Unavailable)] = new("ServiceUnavailable", 503, TemporaryFailure),
        [("secretsmanager", FaultErrorKind.Internal)] = new("InternalServiceError", 500, "An error occurred on the server side."),
        [("kms", FaultErrorKind.Throttling)] = new("ThrottlingException", 400, RateExceeded),
        [("kms", FaultErrorKind.Unavailable)] = new("ServiceUnavailable", 503, TemporaryFailure),
        [("kms", FaultErrorKind.Internal)] = new("KMSInternalException", 500, "The request was rejected because an internal exception occurred. The request can be retried."),
        [("logs", FaultErrorKind.Throttling)] = new("ThrottlingException", 400, RateExceeded),
        [("logs", FaultErrorKind.Unavailable)] = new("ServiceUnavailableException", 503, "The service cannot complete the request."),
        [("logs", FaultErrorKind.Internal)] = new("InternalFailure", 500, InternalFailure),
        [("s3", FaultErrorKind.Throttling)] = new("SlowDown", 503, "Please reduce your request rate."),
        [("s3", FaultErrorKind.Unavailable)] = new("ServiceUnavailable", 503, "Please reduce your request rate."),
        [("s3", FaultErrorKind.Internal)] = new("InternalError", 500, "We encountered an internal error. Please try again."),
        [("ec2", FaultErrorKind.Throttling)] = new("RequestLimitExceeded", 503, "Request limit exceeded."),
        [("ec2", FaultErrorKind.Unavailable)] = new("Unavailable", 503, "The server is overloaded and can't handle the request."),
        [("ec2", FaultErrorKind.Internal)] = new("InternalError", 500, "An internal error has occurred."),
        [("eks", FaultErrorKind.Throttling)] = new("TooManyRequestsException", 429, "Too Many Requests"),
        [("eks", FaultErrorKind.Unavailable)] = new("ServiceUnavailableException", 503, "The service is unavailable. Back off and retry the operation."),
        [("eks", FaultErrorKind.Internal)] = new("ServerException", 500, "These errors are usually caused by a server-side issue."),
    };

    /// <summary>The error <paramref name="error"/> (null: LocalStack's default) answers for a call of <paramref name="service"/>.</summary>
    public static AwsServiceException Create(string service, AwsProtocol protocol, FaultError? error)
    {
        var answer = error?.Kind is { } kind
            ? For(service, protocol, kind)
            : Given(service, error ?? new FaultError());
        // Query protocols report Sender for client errors (throttling) and Receiver for server errors.
        return new AwsServiceException(answer.Code, answer.Message, (HttpStatusCode)answer.Status, senderFault: answer.Status < 500);
    }

    private static Answer For(string service, AwsProtocol protocol, FaultErrorKind kind) =>
        ByService.TryGetValue((service, kind), out var known) ? known : (protocol, kind) switch
        {
            // A service not listed answers as services of its protocol do.
            (AwsProtocol.Json11, FaultErrorKind.Throttling) => new("ThrottlingException", 400, RateExceeded),
            (AwsProtocol.RestJson, FaultErrorKind.Throttling) => new("TooManyRequestsException", 429, "Too Many Requests"),
            (AwsProtocol.RestXml, FaultErrorKind.Throttling) => new("SlowDown", 503, "Please reduce your request rate."),
            (AwsProtocol.Ec2, FaultErrorKind.Throttling) => new("RequestLimitExceeded", 503, "Request limit exceeded."),
            (_, FaultErrorKind.Throttling) => new("Throttling", 400, RateExceeded),
            (_, FaultErrorKind.Unavailable) => new("ServiceUnavailable", 503, TemporaryFailure),
            _ => new("InternalFailure", 500, InternalFailure),
        };

    private static Answer Given(string service, FaultError error)
    {
        var code = error.Code ?? FaultError.DefaultCode;
        var status = error.StatusCode ?? FaultError.DefaultStatusCode;
        // LocalStack's own sentence for its default error; a code the service uses gets the service's sentence.
        var message = error.Message
            ?? (error.Code is null ? null : ByService.Where(e => e.Key.Service == service && e.Value.Code == code).Select(e => e.Value.Message).FirstOrDefault())
            ?? $"Service '{service}' not accessible due to an outage";
        return new Answer(code, status, message);
    }

    private sealed record Answer(string Code, int Status, string Message);
}
