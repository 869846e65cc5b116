namespace Piksel.Emulator.Aws.Hosting.Operations;

/// <summary>How an operation's declared action is authorized.</summary>
public enum AuthorizationMode
{
    /// <summary>The pipeline checks the declared action on the resource the operation names, before its handler runs.</summary>
    BeforeHandler,

    /// <summary>
    /// The request names many resources, each allowed or refused on its own (S3 DeleteObjects answers a per-key
    /// AccessDenied): the handler checks each item with the declared action through <see cref="AwsRequestContext.AuthorizeItem"/>.
    /// </summary>
    PerItem,

    /// <summary>AWS asks no identity permission (GetCallerIdentity; web-identity calls are judged by the role's trust policy). The reason is declared.</summary>
    None,
}
