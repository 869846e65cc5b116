using Piksel.Emulator.Aws.Faults;
using Piksel.Emulator.Aws.Iam;
using Piksel.Emulator.Aws.Identity;
using Piksel.Emulator.Aws.Policy;
using Piksel.Emulator.Aws.State;

namespace Piksel.Emulator.Aws.Hosting;

/// <summary>Everything the services share: options, clock, durable tables, blobs, IAM, issued credentials and the authorizer.</summary>
public sealed class EmulatorState : IDisposable
{
    public EmulatorState(AwsEmulatorOptions options)
    {
        Options = options;
        Store = options.DataDirectory is { } dir ? StateStore.Open(dir, options.MasterKeyFile) : StateStore.InMemory();
        Blobs = new BlobStore(Store);
        Faults = new FaultInjector(options.Faults, options.TimeProvider);
        Iam = new IamStore(Store, new IamPropagation(options.TimeProvider, () => Faults.IamPropagationDelay));
        Credentials = new CredentialStore(options.Accounts, Iam, Store);
        Authorizer = new Authorizer(Iam);
        Requests = new RecentRequests(options.RecentRequests);
    }

    public AwsEmulatorOptions Options { get; }
    public TimeProvider Time => Options.TimeProvider;
    public StateStore Store { get; }
    public BlobStore Blobs { get; }
    public IamStore Iam { get; }
    public CredentialStore Credentials { get; }
    public IAuthorizer Authorizer { get; }

    /// <summary>The last requests served, with their IAM decisions, by request id.</summary>
    public RecentRequests Requests { get; }

    /// <summary>The faults in force (none unless configured or set through <c>/_localstack/chaos</c>).</summary>
    public FaultInjector Faults { get; }

    /// <summary>
    /// Where the emulator's parts log (the edge router, the API servers EKS runs, the RDS database servers); none unless
    /// <see cref="AwsEmulator.StartAsync"/> was given a factory.
    /// </summary>
    public Microsoft.Extensions.Logging.ILoggerFactory LoggerFactory { get; internal set; } = Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance;

    /// <summary>OIDC issuers served by this process (EKS clusters), reached directly when STS fetches their keys.</summary>
    public Sts.WebIdentity.LocalOidcIssuers LocalOidcIssuers { get; } = new();

    /// <inheritdoc />
    public void Dispose() => Store.Dispose();
}
