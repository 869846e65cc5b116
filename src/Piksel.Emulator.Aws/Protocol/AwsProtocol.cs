namespace Piksel.Emulator.Aws.Protocol;

/// <summary>The wire protocols of the services the emulator serves (Smithy's names).</summary>
public enum AwsProtocol
{
    /// <summary>awsQuery: form-encoded Action, XML answers (IAM, STS).</summary>
    Query,
    /// <summary>awsJson1.1: X-Amz-Target, JSON bodies (Secrets Manager, KMS).</summary>
    Json11,
    /// <summary>
    /// awsJson1.0 with awsQueryCompatible errors (SQS): X-Amz-Target, JSON bodies, and the query error code in
    /// <c>x-amzn-query-error</c> so clients that once spoke the query protocol keep their error codes.
    /// </summary>
    Json10QueryCompatible,
    /// <summary>restJson1: HTTP bindings, JSON bodies (EKS).</summary>
    RestJson,
    /// <summary>restXml: HTTP bindings, XML bodies (S3).</summary>
    RestXml,
    /// <summary>ec2: form-encoded Action with EC2's own list names, XML answers, <c>&lt;Response&gt;&lt;Errors&gt;</c> errors (EC2).</summary>
    Ec2,
}
