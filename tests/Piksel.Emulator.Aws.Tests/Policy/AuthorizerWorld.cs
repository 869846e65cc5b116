using System.Net;
using Piksel.Emulator.Aws.Iam;
using Piksel.Emulator.Aws.Identity;
using Piksel.Emulator.Aws.Policy;
using Piksel.Emulator.Aws.State;

namespace Piksel.Emulator.Aws.Tests.Policy;

/// <summary>An in-memory IAM with helpers to create users, roles and managed policies, and ask the Authorizer.</summary>
internal sealed class AuthorizerWorld : IDisposable
{
    public const string A = "111111111111";
    public const string B = "222222222222";
    public static readonly DateTimeOffset Now = new(2024, 5, 15, 12, 0, 0, TimeSpan.Zero);

    private readonly StateStore store = StateStore.InMemory();

    public AuthorizerWorld()
    {
        Iam = new IamStore(store);
        Authorizer = new Authorizer(Iam);
    }

    public IamStore Iam { get; }
    public Authorizer Authorizer { get; }

    /// <summary>An identity policy allowing (or denying) actions on resources.</summary>
    public static string IdentityPolicy(string effect, string action, string resource = "*") =>
        $$$"""{"Version":"2012-10-17","Statement":{"Effect":"{{{effect}}}","Action":"{{{action}}}","Resource":"{{{resource}}}"}}""";

    /// <summary>A resource policy with one statement naming <paramref name="principal"/> (a JSON value).</summary>
    public static string ResourcePolicy(string effect, string principal, string action, string resource = "*", string? condition = null) =>
        $$$"""{"Version":"2012-10-17","Statement":{"Effect":"{{{effect}}}","Principal":{{{principal}}},"Action":"{{{action}}}","Resource":"{{{resource}}}"{{{(condition is null ? "" : ",\"Condition\":" + condition)}}}}}""";

    /// <summary>A trust policy with one statement.</summary>
    public static string Trust(string principal, string action = "sts:AssumeRole", string? condition = null, string effect = "Allow") =>
        $$$"""{"Version":"2012-10-17","Statement":{"Effect":"{{{effect}}}","Principal":{{{principal}}},"Action":"{{{action}}}"{{{(condition is null ? "" : ",\"Condition\":" + condition)}}}}}""";

    public string Managed(string account, string name, string document)
    {
        var arn = $"arn:aws:iam::{account}:policy/{name}";
        Iam.Policies.Put(arn, new ManagedPolicyRecord
        {
            AccountId = account,
            PolicyName = name,
            PolicyId = "ANPA" + name.ToUpperInvariant(),
            Arn = arn,
            DefaultVersionId = "v1",
            Versions = [new PolicyVersionRecord("v1", document, true, Now)],
            CreateDate = Now,
        });
        return arn;
    }

    public Principal User(string account, string name, IEnumerable<string>? inline = null, IEnumerable<string>? attached = null,
        string? boundary = null, IReadOnlyDictionary<string, string>? tags = null)
    {
        var arn = $"arn:aws:iam::{account}:user/{name}";
        var id = "AIDA" + name.ToUpperInvariant();
        Iam.Users.Put(IamStore.Key(account, name), new UserRecord
        {
            AccountId = account,
            UserName = name,
            UserId = id,
            Arn = arn,
            CreateDate = Now,
            PermissionsBoundaryArn = boundary,
            InlinePolicies = (inline ?? []).Select((d, i) => (d, i)).ToDictionary(x => $"p{x.i}", x => x.d),
            AttachedPolicyArns = [.. attached ?? []],
        });
        return new Principal { Kind = PrincipalKind.User, AccountId = account, Arn = arn, UserId = id, Name = name, Tags = tags ?? new Dictionary<string, string>() };
    }

    public Principal Session(string account, string role, string session = "s1", IEnumerable<string>? inline = null, IEnumerable<string>? attached = null,
        string? boundary = null, IReadOnlyList<string>? sessionPolicies = null, string trust = """{"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"sts:AssumeRole"}}""")
    {
        var arn = $"arn:aws:iam::{account}:role/{role}";
        var id = "AROA" + role.ToUpperInvariant();
        Iam.Roles.Put(IamStore.Key(account, role), new RoleRecord
        {
            AccountId = account,
            RoleName = role,
            RoleId = id,
            Arn = arn,
            AssumeRolePolicyDocument = trust,
            CreateDate = Now,
            PermissionsBoundaryArn = boundary,
            InlinePolicies = (inline ?? []).Select((d, i) => (d, i)).ToDictionary(x => $"p{x.i}", x => x.d),
            AttachedPolicyArns = [.. attached ?? []],
        });
        return new Principal
        {
            Kind = PrincipalKind.AssumedRole,
            AccountId = account,
            Arn = $"arn:aws:sts::{account}:assumed-role/{role}/{session}",
            UserId = $"{id}:{session}",
            Name = session,
            RoleArn = arn,
            RoleName = role,
            SessionPolicies = sessionPolicies ?? [],
        };
    }

    public AuthorizationResult Ask(Principal caller, string action, string resource, ResourcePolicy? policy = null, string? resourceAccount = null,
        bool secure = true, string ip = "203.0.113.10", string region = "us-east-1", DateTimeOffset? time = null, params string[] keys) =>
        Authorizer.Authorize(new AuthorizationRequest
        {
            Caller = caller,
            Action = action,
            Resource = resource,
            ResourcePolicy = policy,
            ResourceAccount = resourceAccount,
            ContextKeys = PolicyTestKit.Keys(keys),
            Facts = new RequestFacts(IPAddress.Parse(ip), secure, region, time ?? Now),
        });

    public void Dispose() => store.Dispose();
}
