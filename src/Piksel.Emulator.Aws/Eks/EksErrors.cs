using System.Net;
using Piksel.Emulator.Aws.Protocol;

namespace Piksel.Emulator.Aws.Eks;

/// <summary>EKS's errors (restJson1: code in <c>x-amzn-ErrorType</c>, <c>message</c> and the resource's name in the body).</summary>
internal static class EksErrors
{
    public static AwsServiceException ClusterNotFound(string name) =>
        new("ResourceNotFoundException", $"No cluster found for name: {name}.", HttpStatusCode.NotFound) { Details = Cluster(name) };

    public static AwsServiceException ClusterExists(string name) =>
        new("ResourceInUseException", $"Cluster already exists with name: {name}", HttpStatusCode.Conflict) { Details = Cluster(name) };

    public static AwsServiceException InvalidParameter(string message, string? clusterName = null) =>
        new("InvalidParameterException", message) { Details = clusterName is null ? new Dictionary<string, string>() : Cluster(clusterName) };

    public static AwsServiceException InvalidRequest(string message, string? clusterName = null) =>
        new("InvalidRequestException", message) { Details = clusterName is null ? new Dictionary<string, string>() : Cluster(clusterName) };

    public static AwsServiceException NotFound(string message, string? clusterName = null) =>
        new("ResourceNotFoundException", message, HttpStatusCode.NotFound) { Details = clusterName is null ? new Dictionary<string, string>() : Cluster(clusterName) };

    public static AwsServiceException InUse(string message, string clusterName) =>
        new("ResourceInUseException", message, HttpStatusCode.Conflict) { Details = Cluster(clusterName) };

    public static AwsServiceException EntryNotFound(string clusterName) =>
        NotFound("The specified access entry resource is not found.", clusterName);

    public static AwsServiceException UnknownOperation(string method, string path) =>
        new("UnknownOperationException", $"No EKS operation answers {method} {path}.", HttpStatusCode.NotFound);

    /// <summary>InvalidParameterException with the resource's name members beside the cluster's (addonName, fargateProfileName…).</summary>
    public static AwsServiceException InvalidParameter(string message, string clusterName, string member, string value) =>
        new("InvalidParameterException", message) { Details = With(clusterName, member, value) };

    public static AwsServiceException InUse(string message, string clusterName, string member, string value) =>
        new("ResourceInUseException", message, HttpStatusCode.Conflict) { Details = With(clusterName, member, value) };

    public static AwsServiceException NotFound(string message, string clusterName, string member, string value) =>
        new("ResourceNotFoundException", message, HttpStatusCode.NotFound) { Details = With(clusterName, member, value) };

    public static AwsServiceException AddonNotFound(string clusterName, string addonName) =>
        NotFound($"No addon: {addonName} found in cluster: {clusterName}", clusterName, "addonName", addonName);

    public static AwsServiceException ProfileNotFound(string clusterName, string profileName) =>
        NotFound($"No Fargate Profile found with name: {profileName}.", clusterName, "fargateProfileName", profileName);

    public static AwsServiceException AssociationNotFound(string clusterName, string associationId) =>
        NotFound($"No Pod Identity Association found with id: {associationId}.", clusterName);

    private static Dictionary<string, string> With(string clusterName, string member, string value) => new() { ["clusterName"] = clusterName, [member] = value };

    private static Dictionary<string, string> Cluster(string name) => new() { ["clusterName"] = name };
}
