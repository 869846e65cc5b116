using Piksel.Emulator.Aws.Hosting.Operations;
using Piksel.Emulator.Aws.Protocol;

namespace Piksel.Emulator.Aws.Hosting;

/// <summary>One AWS service behind the edge endpoint.</summary>
public interface IAwsService
{
    /// <summary>The SigV4 signing name (<c>iam</c>, <c>sts</c>, <c>secretsmanager</c>, <c>kms</c>, <c>s3</c>).</summary>
    string SigningName { get; }

    /// <summary>The wire protocol, which decides the shape of errors.</summary>
    AwsProtocol Protocol { get; }

    /// <summary>
    /// The protocol <paramref name="request"/> speaks, which decides the shape of its errors: <see cref="Protocol"/>
    /// for services with one protocol; SQS answers each request in the protocol it came in (JSON or query).
    /// </summary>
    AwsProtocol ProtocolOf(Microsoft.AspNetCore.Http.HttpRequest request) => Protocol;

    /// <summary>XML namespace of query answers (e.g. <c>https://iam.amazonaws.com/doc/2010-05-08/</c>); empty for JSON services.</summary>
    string XmlNamespace => "";

    /// <summary>The error code for a denied action: <c>AccessDenied</c> (query, S3) or <c>AccessDeniedException</c> (JSON).</summary>
    string AccessDeniedCode => Protocol is AwsProtocol.Json11 or AwsProtocol.RestJson ? "AccessDeniedException" : "AccessDenied";

    /// <summary>True when this unsigned request may proceed as anonymous (S3 public access, STS web identity).</summary>
    bool AllowsAnonymous(AwsRequestContext context) => false;

    /// <summary>Every operation the service serves, each declared with its authorization (built once, frozen).</summary>
    OperationTable Operations { get; }

    /// <summary>The operation <paramref name="context"/> asks for; throws the service's own unknown-operation error.</summary>
    AwsOperation Resolve(AwsRequestContext context);

    /// <summary>
    /// Checks one demand before a handler runs. The default asks the IAM policy engine and answers the service's
    /// AccessDenied; S3 (bucket policy, ACLs, Block Public Access) and EC2 (UnauthorizedOperation) add their own rules.
    /// </summary>
    void Authorize(AwsRequestContext context, AccessDemand demand) => context.Authorize(demand);
}
