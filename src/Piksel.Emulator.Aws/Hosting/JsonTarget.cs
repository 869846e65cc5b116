using Piksel.Emulator.Aws.Hosting.Operations;
using Piksel.Emulator.Aws.Protocol;

namespace Piksel.Emulator.Aws.Hosting;

/// <summary>
/// The operation an awsJson request names in <c>X-Amz-Target: &lt;prefix&gt;.&lt;Operation&gt;</c>. One the service
/// does not know, or a target that names none, is Coral's UnknownOperationException with a sentence that says which
/// service and which target.
/// </summary>
internal static class JsonTarget
{
    /// <summary>The operation of <paramref name="context"/>'s X-Amz-Target among <paramref name="operations"/>.</summary>
    public static AwsOperation Resolve(AwsRequestContext context, OperationTable operations, string prefix, string title)
    {
        var target = context.Http.Request.Headers["X-Amz-Target"].ToString();
        var operation = target.StartsWith(prefix + ".", StringComparison.Ordinal) ? target[(prefix.Length + 1)..] : "";
        if (operations.Find(operation) is { } found) return found;
        var message = target.Length == 0
            ? $"The request to {title} has no X-Amz-Target header; it must name an operation as '{prefix}.<Operation>'."
            : operation.Length == 0
                ? $"X-Amz-Target '{target}' names no {title} operation; it must be '{prefix}.<Operation>'."
                : $"Operation {operation} is not supported by the {title} emulator (X-Amz-Target '{target}').";
        throw new AwsServiceException("UnknownOperationException", message);
    }
}
