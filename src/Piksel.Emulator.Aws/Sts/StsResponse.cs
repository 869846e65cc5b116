using System.Xml;
using Piksel.Emulator.Aws.Hosting;
using Piksel.Emulator.Aws.Protocol;

namespace Piksel.Emulator.Aws.Sts;

/// <summary>How STS answers: the operation's <c>&lt;Op&gt;Result</c> in STS's XML namespace, with the request id.</summary>
internal static class StsResponse
{
    /// <summary>Writes <paramref name="operation"/>'s answer with what <paramref name="result"/> puts in its result element.</summary>
    public static Task WriteAsync(AwsRequestContext context, string operation, Action<XmlWriter> result) =>
        QueryResponse.WriteAsync(context.Http, StsService.Namespace, operation, context.RequestId, result);
}
