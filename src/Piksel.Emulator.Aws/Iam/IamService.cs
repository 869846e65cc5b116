using System.Xml;
using Piksel.Emulator.Aws.Hosting;
using Piksel.Emulator.Aws.Protocol;

namespace Piksel.Emulator.Aws.Iam;

/// <summary>
/// IAM (awsQuery, 2010-05-08): roles, inline and managed policies, users and access keys, OIDC providers and tags.
/// State lives in <see cref="IamStore"/>, so the authorizer, STS and SigV4 see every change at once.
/// </summary>
public sealed partial class IamService : IAwsService
{
    private const string Namespace = "https://iam.amazonaws.com/doc/2010-05-08/";

    private readonly EmulatorState state;
    private readonly Dictionary<string, Func<AwsRequestContext, Task>> operations;

    // Writes that span tables (attach vs delete, key quota vs user deletion) run one at a time, so the checks a
    // write makes still hold when it lands. Reads stay lock-free.
    private readonly Lock gate = new();

    public IamService(EmulatorState state)
    {
        this.state = state;
        operations = new(StringComparer.Ordinal);
        AddRoleOperations();
        AddRolePolicyOperations();
        AddManagedPolicyOperations();
        AddPolicyVersionOperations();
        AddUserOperations();
        AddAccessKeyOperations();
        AddOidcProviderOperations();
        AddTagOperations();
    }

    /// <inheritdoc />
    public string SigningName => "iam";

    /// <inheritdoc />
    public AwsProtocol Protocol => AwsProtocol.Query;

    /// <inheritdoc />
    public string XmlNamespace => Namespace;

    private IamStore Iam => state.Iam;

    /// <inheritdoc />
    public Task HandleAsync(AwsRequestContext context, CancellationToken cancellationToken)
    {
        var action = context.Query.Action;
        if (action is null || !operations.TryGetValue(action, out var operation))
            throw new AwsServiceException("InvalidAction",
                $"Could not find operation {action} for version {context.Query.Get("Version") ?? "2010-05-08"}");
        return operation(context);
    }

    private void Add(string action, Func<AwsRequestContext, Task> operation) => operations.Add(action, operation);

    /// <summary>Writes <c>&lt;ActionResponse&gt;&lt;ActionResult&gt;…</c>; a null writer answers an empty result.</summary>
    private static Task Answer(AwsRequestContext context, Action<XmlWriter>? write) =>
        QueryResponse.WriteAsync(context.Http, Namespace, context.Query.Action!, context.RequestId, write);

    private DateTimeOffset Now(AwsRequestContext context) =>
        // IAM reports whole seconds; storing them keeps Create/Get answers identical.
        DateTimeOffset.FromUnixTimeSeconds(context.Time.GetUtcNow().ToUnixTimeSeconds());

    private static string IamArn(AwsRequestContext context, string type, string path, string name) =>
        $"arn:aws:iam::{context.AccountId}:{type}{path}{name}";
}
