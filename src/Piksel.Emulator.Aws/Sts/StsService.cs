using Piksel.Emulator.Aws.Hosting;
using Piksel.Emulator.Aws.Hosting.Operations;
using Piksel.Emulator.Aws.Protocol;
using Piksel.Emulator.Aws.Sts.WebIdentity;

namespace Piksel.Emulator.Aws.Sts;

/// <summary>
/// STS (awsQuery, 2011-06-15): GetCallerIdentity (also as a presigned GET, which is what EKS tokens are),
/// GetAccessKeyInfo, AssumeRole and AssumeRoleWithWebIdentity with real OIDC token verification.
/// </summary>
public sealed class StsService : IAwsService, IDisposable
{
    /// <summary>The XML namespace of STS answers.</summary>
    public const string Namespace = "https://sts.amazonaws.com/doc/2011-06-15/";

    private readonly WebIdentityTokenVerifier tokens;

    /// <summary>The service over the shared state.</summary>
    public StsService(EmulatorState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        tokens = new WebIdentityTokenVerifier(new OidcKeySource(state.Options, state.Time, state.LocalOidcIssuers, state.Faults.IsIssuerDown));
        Operations = new OperationTable()
            .AddGroup(new CallerIdentityOperations(state))
            .AddGroup(new AssumeRoleOperations(state))
            .AddGroup(new WebIdentityOperations(state, tokens))
            .Freeze();
    }

    /// <summary>Releases the HTTP client used to reach OIDC issuers.</summary>
    public void Dispose() => tokens.Dispose();

    /// <inheritdoc />
    public string SigningName => "sts";

    /// <inheritdoc />
    public AwsProtocol Protocol => AwsProtocol.Query;

    /// <inheritdoc />
    public string XmlNamespace => Namespace;

    /// <inheritdoc />
    public OperationTable Operations { get; }

    /// <summary>Only AssumeRoleWithWebIdentity may come unsigned: the token is the credential.</summary>
    public bool AllowsAnonymous(AwsRequestContext context) => context.Query.Action == "AssumeRoleWithWebIdentity";

    /// <inheritdoc />
    public AwsOperation Resolve(AwsRequestContext context)
    {
        var action = context.Query.Action;
        if (string.IsNullOrEmpty(action)) throw new AwsServiceException("MissingAction", "Missing Action");
        return Operations.Find(action)
            ?? throw new AwsServiceException("InvalidAction", $"Could not find operation {action} for version 2011-06-15");
    }
}
