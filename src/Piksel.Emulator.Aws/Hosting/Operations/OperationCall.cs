namespace Piksel.Emulator.Aws.Hosting.Operations;

/// <summary>
/// A request an operation has read and validated: the access its declared action needs (and any further actions the
/// request implies), and the handler to run once the pipeline has allowed them. Operations build one with
/// <see cref="On(Access, Func{Task})"/>, <see cref="ForEachItem"/> or <see cref="Unchecked"/>; which one must fit the
/// operation's declared <see cref="AuthorizationMode"/>, or the pipeline refuses to run it.
/// </summary>
public sealed class OperationCall
{
    private readonly List<AccessDemand> also = [];

    private OperationCall(AuthorizationMode mode, Access? access, Func<Task> run)
    {
        Mode = mode;
        Access = access;
        Run = run;
    }

    /// <summary>How the call expects to be authorized; must equal the operation's declaration.</summary>
    public AuthorizationMode Mode { get; }

    /// <summary>The resource the declared action is checked on (<see cref="AuthorizationMode.BeforeHandler"/> only).</summary>
    public Access? Access { get; }

    /// <summary>The handler: changes state and writes the answer.</summary>
    public Func<Task> Run { get; }

    /// <summary>Further actions the request implies (tagging on create, the source of a copy), checked after the declared one.</summary>
    public IReadOnlyList<AccessDemand> Also => also;

    /// <summary>The declared action on <paramref name="access"/>, then <paramref name="run"/>.</summary>
    public static OperationCall On(Access access, Func<Task> run) => new(AuthorizationMode.BeforeHandler, access, run);

    /// <summary>The declared action on the resource <paramref name="resource"/>, then <paramref name="run"/>.</summary>
    public static OperationCall On(string resource, Func<Task> run) => On(new Access(resource), run);

    /// <summary>A handler that authorizes every item it touches with <see cref="AwsRequestContext.AuthorizeItem"/> (<see cref="AuthorizationMode.PerItem"/>).</summary>
    public static OperationCall ForEachItem(Func<Task> run) => new(AuthorizationMode.PerItem, null, run);

    /// <summary>A handler that needs no identity permission (<see cref="AuthorizationMode.None"/>).</summary>
    public static OperationCall Unchecked(Func<Task> run) => new(AuthorizationMode.None, null, run);

    /// <summary>Adds an implied action checked after the declared one; <paramref name="onDenied"/> replaces the usual AccessDenied.</summary>
    public OperationCall AndAlso(string action, Access access, Func<Protocol.AwsServiceException>? onDenied = null)
    {
        also.Add(new AccessDemand(AwsOperation.CheckActionName(action), access, onDenied));
        return this;
    }

    /// <summary>Adds an implied action on <paramref name="resource"/>.</summary>
    public OperationCall AndAlso(string action, string resource) => AndAlso(action, new Access(resource));
}
