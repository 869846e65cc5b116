using System.Net;
using Piksel.Emulator.Aws.Protocol;

namespace Piksel.Emulator.Aws.EksAuth;

/// <summary>EKS Auth's errors (restJson1, 2023-11-26): the token's, the association's and the role's, each with EKS Auth's status.</summary>
internal static class EksAuthErrors
{
    public static AwsServiceException InvalidToken(string message) => new("InvalidTokenException", message);

    public static AwsServiceException ExpiredToken(string message) => new("ExpiredTokenException", message);

    public static AwsServiceException AccessDenied(string message) => new("AccessDeniedException", message);

    public static AwsServiceException InvalidParameter(string message) => new("InvalidParameterException", message);

    public static AwsServiceException NotFound(string message) => new("ResourceNotFoundException", message, HttpStatusCode.NotFound);

    public static AwsServiceException UnknownOperation(string method, string path) =>
        new("UnknownOperationException", $"No EKS Auth operation answers {method} {path}.", HttpStatusCode.NotFound);
}
