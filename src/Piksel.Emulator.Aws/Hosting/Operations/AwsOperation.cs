using System.Text.RegularExpressions;

namespace Piksel.Emulator.Aws.Hosting.Operations;

/// <summary>
/// One entry of a service's operation table: the operation's name on the wire, the IAM action it is authorized with
/// and how, and the function that reads the request into an <see cref="OperationCall"/>. The pipeline authorizes
/// the call before its handler runs (ARCHITECTURE.md, "authorize"), so an operation cannot forget to.
/// </summary>
public sealed partial class AwsOperation
{
    private AwsOperation(string name, string? action, AuthorizationMode mode, string? reason, Func<AwsRequestContext, OperationCall> prepare)
    {
        if (string.IsNullOrWhiteSpace(name)) throw new ArgumentException("An operation needs a name.", nameof(name));
        Name = name;
        Action = action;
        Mode = mode;
        UncheckedBecause = reason;
        Prepare = prepare ?? throw new ArgumentNullException(nameof(prepare));
    }

    /// <summary>The operation's name (<c>CreateRole</c>, <c>GetObject</c>).</summary>
    public string Name { get; }

    /// <summary>The IAM action (<c>iam:CreateRole</c>); null only for <see cref="AuthorizationMode.None"/>.</summary>
    public string? Action { get; }

    /// <summary>How <see cref="Action"/> is authorized.</summary>
    public AuthorizationMode Mode { get; }

    /// <summary>Why AWS asks no permission for this operation (<see cref="AuthorizationMode.None"/> only).</summary>
    public string? UncheckedBecause { get; }

    /// <summary>Reads and validates the request; returns what to authorize and the handler.</summary>
    public Func<AwsRequestContext, OperationCall> Prepare { get; }

    /// <summary>An operation whose <paramref name="action"/> the pipeline checks before the handler runs.</summary>
    public static AwsOperation Authorized(string name, string action, Func<AwsRequestContext, OperationCall> prepare) =>
        new(name, CheckActionName(action), AuthorizationMode.BeforeHandler, null, prepare);

    /// <summary>An operation whose handler checks <paramref name="action"/> for each item the request names.</summary>
    public static AwsOperation PerItem(string name, string action, Func<AwsRequestContext, OperationCall> prepare) =>
        new(name, CheckActionName(action), AuthorizationMode.PerItem, null, prepare);

    /// <summary>An operation AWS lets any authenticated (or anonymous) caller make; <paramref name="because"/> says why.</summary>
    public static AwsOperation Unchecked(string name, string because, Func<AwsRequestContext, OperationCall> prepare) =>
        string.IsNullOrWhiteSpace(because)
            ? throw new ArgumentException($"Operation {name} asks no permission: declare why.", nameof(because))
            : new(name, null, AuthorizationMode.None, because, prepare);

    /// <summary>Returns <paramref name="action"/> when it has IAM's <c>service:Action</c> form; throws otherwise.</summary>
    public static string CheckActionName(string action) =>
        action is not null && ActionName().IsMatch(action)
            ? action
            : throw new ArgumentException($"'{action}' is not an IAM action (service:Action).", nameof(action));

    [GeneratedRegex("^[a-z0-9-]+:[A-Z][A-Za-z0-9]*$")]
    private static partial Regex ActionName();
}
