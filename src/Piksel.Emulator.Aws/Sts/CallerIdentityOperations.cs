using Piksel.Emulator.Aws.Hosting;
using Piksel.Emulator.Aws.Hosting.Operations;
using Piksel.Emulator.Aws.Protocol;

namespace Piksel.Emulator.Aws.Sts;

/// <summary>Who is asking: GetCallerIdentity and GetAccessKeyInfo.</summary>
internal sealed class CallerIdentityOperations(EmulatorState state) : IOperationGroup
{
    /// <inheritdoc />
    public void Register(OperationTable table) => table
        // AWS: "no permissions are required to perform this operation"; an explicit deny does not stop it either.
        .Add(AwsOperation.Unchecked("GetCallerIdentity", "STS answers who signed the request without asking any permission, even under an explicit deny.", GetCallerIdentity))
        .Add("GetAccessKeyInfo", "sts:GetAccessKeyInfo", GetAccessKeyInfo);

    private static OperationCall GetCallerIdentity(AwsRequestContext context) => OperationCall.Unchecked(() =>
    {
        var caller = context.Caller;
        return StsResponse.WriteAsync(context, "GetCallerIdentity", xml =>
        {
            xml.WriteElementString("UserId", caller.UserId);
            xml.WriteElementString("Account", caller.AccountId);
            xml.WriteElementString("Arn", caller.Arn);
        });
    });

    /// <summary>The account an access key belongs to (any signed caller allowed sts:GetAccessKeyInfo may ask, as in AWS).</summary>
    private OperationCall GetAccessKeyInfo(AwsRequestContext context)
    {
        var keyId = context.Query.Required("AccessKeyId");
        return OperationCall.On(Access.Any, () =>
        {
            var account = state.Credentials.Resolve(keyId)?.Principal.AccountId
                ?? state.Credentials.Sessions.Find(keyId)?.AccountId
                ?? throw new AwsServiceException("InvalidParameterValue", $"The access key ID {keyId} is not valid.");
            return StsResponse.WriteAsync(context, "GetAccessKeyInfo", xml => xml.WriteElementString("Account", account));
        });
    }
}
