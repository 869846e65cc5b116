using System.Net;
using BenchmarkDotNet.Attributes;
using Piksel.Emulator.Aws.Iam;
using Piksel.Emulator.Aws.Identity;
using Piksel.Emulator.Aws.Policy;
using Piksel.Emulator.Aws.State;

namespace Piksel.Benchmarks;

/// <summary>
/// The IAM decision every request pays (a role with three inline policies, a bucket policy) against the same decision
/// explained, as a request whose span records data or whose explanation is asked for pays. Decide is the baseline: the
/// explanation is worked out only on <see cref="AuthorizationResult.Explain"/>, so deciding stays as cheap as before.
/// </summary>
[MemoryDiagnoser]
public class AuthorizerBenchmarks
{
    private const string Account = "000000000000";
    private readonly StateStore store = StateStore.InMemory();
    private Authorizer authorizer = null!;
    private AuthorizationRequest allowed = null!;
    private AuthorizationRequest denied = null!;

    [GlobalSetup]
    public void Setup()
    {
        var iam = new IamStore(store);
        iam.Roles.Put(IamStore.Key(Account, "terria"), new RoleRecord
        {
            AccountId = Account,
            RoleName = "terria",
            RoleId = "AROATERRIA",
            Arn = $"arn:aws:iam::{Account}:role/terria",
            AssumeRolePolicyDocument = """{"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"sts:AssumeRole"}}""",
            CreateDate = DateTimeOffset.UnixEpoch,
            InlinePolicies = new Dictionary<string, string>
            {
                ["data"] = """{"Version":"2012-10-17","Statement":[{"Sid":"Read","Effect":"Allow","Action":["s3:GetObject","s3:ListBucket"],"Resource":["arn:aws:s3:::terria-data","arn:aws:s3:::terria-data/*"]}]}""",
                ["secrets"] = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"secretsmanager:GetSecretValue","Resource":"*","Condition":{"StringEquals":{"aws:ResourceTag/app":"terria"}}}]}""",
                ["guard"] = """{"Version":"2012-10-17","Statement":[{"Sid":"NoDelete","Effect":"Deny","Action":"s3:DeleteBucket","Resource":"*"}]}""",
            },
            AttachedPolicyArns = [],
        });
        authorizer = new Authorizer(iam);
        var caller = new Principal
        {
            Kind = PrincipalKind.AssumedRole,
            AccountId = Account,
            Arn = $"arn:aws:sts::{Account}:assumed-role/terria/s1",
            UserId = "AROATERRIA:s1",
            Name = "s1",
            RoleArn = $"arn:aws:iam::{Account}:role/terria",
            RoleName = "terria",
        };
        var facts = new RequestFacts(IPAddress.Loopback, false, "us-east-1", DateTimeOffset.UnixEpoch);
        allowed = new AuthorizationRequest { Caller = caller, Action = "s3:GetObject", Resource = "arn:aws:s3:::terria-data/a.txt", Facts = facts };
        denied = allowed with { Resource = "arn:aws:s3:::argo-artifacts/a.txt" };
    }

    [GlobalCleanup]
    public void Cleanup() => store.Dispose();

    [Benchmark(Baseline = true)]
    public bool Decide() => authorizer.Authorize(allowed).Allowed & !authorizer.Authorize(denied).Allowed;

    [Benchmark]
    public int DecideAndExplain() => authorizer.Authorize(allowed).Explain().Statements.Count + authorizer.Authorize(denied).Explain().Statements.Count;
}
