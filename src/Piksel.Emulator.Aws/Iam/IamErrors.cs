using System.Net;
using Piksel.Emulator.Aws.Protocol;

namespace Piksel.Emulator.Aws.Iam;

/// <summary>IAM's error codes with the statuses its awsQueryError traits give them.</summary>
internal static class IamErrors
{
    public static AwsServiceException NoSuchEntity(string message) => new("NoSuchEntity", message, HttpStatusCode.NotFound);

    public static AwsServiceException AlreadyExists(string message) => new("EntityAlreadyExists", message, HttpStatusCode.Conflict);

    public static AwsServiceException DeleteConflict(string message) => new("DeleteConflict", message, HttpStatusCode.Conflict);

    public static AwsServiceException LimitExceeded(string message) => new("LimitExceeded", message, HttpStatusCode.Conflict);

    public static AwsServiceException MalformedPolicy(string message) => new("MalformedPolicyDocument", message);

    public static AwsServiceException InvalidInput(string message) => new("InvalidInput", message);

    public static AwsServiceException Validation(string message) => new("ValidationError", message);

    /// <summary>The Coral-style sentence IAM answers for a constraint on one member.</summary>
    public static AwsServiceException Constraint(string value, string member, string constraint) =>
        Validation($"1 validation error detected: Value '{value}' at '{member}' failed to satisfy constraint: {constraint}");

    public static AwsServiceException NoSuchRole(string name) => NoSuchEntity($"The role with name {name} cannot be found.");

    public static AwsServiceException NoSuchUser(string name) => NoSuchEntity($"The user with name {name} cannot be found.");

    public static AwsServiceException NoSuchPolicy(string arn) => NoSuchEntity($"Policy {arn} was not found.");

    public static AwsServiceException NotAttachable(string arn) => NoSuchEntity($"Policy {arn} does not exist or is not attachable.");

    public static AwsServiceException NoSuchOidcProvider(string arn) => NoSuchEntity($"OpenIDConnect Provider not found for arn {arn}");
}
