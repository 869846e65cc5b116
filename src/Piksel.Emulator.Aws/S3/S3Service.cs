using Piksel.Emulator.Aws.Hosting;
using Piksel.Emulator.Aws.Hosting.Operations;
using Piksel.Emulator.Aws.Protocol;

namespace Piksel.Emulator.Aws.S3;

/// <summary>
/// S3 (restXml, <c>http://s3.amazonaws.com/doc/2006-03-01/</c>): buckets, objects, listing, multipart uploads and
/// bucket configuration, path-style or virtual-hosted. <see cref="S3Router"/> names the operation from the method,
/// bucket, key and sub-resource; every operation is authorized by the pipeline through <see cref="S3Access"/>
/// (the policy engine with the bucket policy as the resource policy, then ACLs, Block Public Access and Requester
/// Pays). Metadata lives in tables, bodies in the blob store, so a restart finds every object again.
/// </summary>
public sealed class S3Service : IAwsService
{
    /// <summary>The namespace of every S3 answer.</summary>
    public const string Namespace = "http://s3.amazonaws.com/doc/2006-03-01/";

    private readonly S3Router router;

    /// <summary>The service over the shared state.</summary>
    public S3Service(EmulatorState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        var store = new S3Store(state.Store, state.Blobs);
        var payloads = new S3PayloadReader(state.Credentials);
        router = new S3Router(store);
        Operations = new OperationTable()
            .AddGroup(new BucketOperations(store))
            .AddGroup(new BucketPolicyOperations(store))
            .AddGroup(new BucketConfigurationOperations(store))
            .AddGroup(new CorsOperations(store))
            .AddGroup(new LifecycleOperations(store))
            .AddGroup(new AclOperations(store))
            .AddGroup(new TaggingOperations(store))
            .AddGroup(new ListingOperations(store))
            .AddGroup(new ObjectOperations(store, payloads))
            .AddGroup(new CopyOperations(store))
            .AddGroup(new MultipartOperations(store, payloads))
            .AddGroup(new UploadListingOperations(store))
            .Freeze();
    }

    /// <inheritdoc />
    public string SigningName => "s3";

    /// <inheritdoc />
    public AwsProtocol Protocol => AwsProtocol.RestXml;

    /// <inheritdoc />
    public string XmlNamespace => Namespace;

    /// <inheritdoc />
    public OperationTable Operations { get; }

    /// <inheritdoc />
    /// <remarks>Anonymous requests go on to their operations, whose bucket policy (and ACLs) decide, as S3 does.</remarks>
    public bool AllowsAnonymous(AwsRequestContext context) => true;

    /// <inheritdoc />
    public AwsOperation Resolve(AwsRequestContext context)
    {
        var name = router.Resolve(context);
        return Operations.Find(name) ?? throw new InvalidOperationException($"S3 routed to {name}, which has no entry in its operation table.");
    }

    /// <inheritdoc />
    public void Authorize(AwsRequestContext context, AccessDemand demand) => S3Access.Authorize(context, demand);
}
