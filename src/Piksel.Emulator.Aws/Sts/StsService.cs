using Piksel.Emulator.Aws.Hosting;
using Piksel.Emulator.Aws.Identity;
using Piksel.Emulator.Aws.Protocol;
using Piksel.Emulator.Aws.Sts.WebIdentity;

namespace Piksel.Emulator.Aws.Sts;

/// <summary>
/// STS (awsQuery, 2011-06-15): GetCallerIdentity (also as a presigned GET, which is what EKS tokens are),
/// GetAccessKeyInfo, AssumeRole and AssumeRoleWithWebIdentity with real OIDC token verification.
/// </summary>
public sealed partial class StsService(EmulatorState state) : IAwsService, IDisposable
{
    /// <summary>The XML namespace of STS answers.</summary>
    public const string Namespace = "https://sts.amazonaws.com/doc/2011-06-15/";

    private readonly EmulatorState state = state;
    private readonly WebIdentityTokenVerifier tokens = new(new OidcKeySource(state.Options, state.Time, state.LocalOidcIssuers));

    /// <summary>Releases the HTTP client used to reach OIDC issuers.</summary>
    public void Dispose() => tokens.Dispose();

    /// <inheritdoc />
    public string SigningName => "sts";

    /// <inheritdoc />
    public AwsProtocol Protocol => AwsProtocol.Query;

    /// <inheritdoc />
    public string XmlNamespace => Namespace;

    /// <summary>Only AssumeRoleWithWebIdentity may come unsigned: the token is the credential.</summary>
    public bool AllowsAnonymous(AwsRequestContext context) => context.Query.Action == "AssumeRoleWithWebIdentity";

    /// <inheritdoc />
    public Task HandleAsync(AwsRequestContext context, CancellationToken cancellationToken) => context.Query.Action switch
    {
        "GetCallerIdentity" => GetCallerIdentity(context),
        "GetAccessKeyInfo" => GetAccessKeyInfo(context),
        "AssumeRole" => AssumeRole(context),
        "AssumeRoleWithWebIdentity" => AssumeRoleWithWebIdentityAsync(context, cancellationToken),
        var action => throw new AwsServiceException("InvalidAction", $"Could not find operation {action} for version 2011-06-15"),
    };

    /// <summary>
    /// Who signed the request. AWS needs no permission for it ("no permissions are required to perform this
    /// operation"; an explicit deny does not stop it), so no Authorize call.
    /// </summary>
    private static Task GetCallerIdentity(AwsRequestContext context)
    {
        var caller = context.Caller;
        return Write(context, "GetCallerIdentity", xml =>
        {
            xml.WriteElementString("UserId", caller.UserId);
            xml.WriteElementString("Account", caller.AccountId);
            xml.WriteElementString("Arn", caller.Arn);
        });
    }

    /// <summary>The account an access key belongs to (any signed caller may ask, as in AWS).</summary>
    private Task GetAccessKeyInfo(AwsRequestContext context)
    {
        var keyId = context.Query.Required("AccessKeyId");
        context.Authorize("sts:GetAccessKeyInfo", "*");
        var account = state.Credentials.Resolve(keyId)?.Principal.AccountId
            ?? state.Credentials.Sessions.Find(keyId)?.AccountId
            ?? throw new AwsServiceException("InvalidParameterValue", $"The access key ID {keyId} is not valid.");
        return Write(context, "GetAccessKeyInfo", xml => xml.WriteElementString("Account", account));
    }

    private static Task Write(AwsRequestContext context, string operation, Action<System.Xml.XmlWriter> result) =>
        QueryResponse.WriteAsync(context.Http, Namespace, operation, context.RequestId, result);

    /// <summary>True when the caller is itself a role session: assuming a role from it is role chaining (1 hour cap).</summary>
    private static bool IsChained(Principal caller) => caller.Kind == PrincipalKind.AssumedRole;
}
