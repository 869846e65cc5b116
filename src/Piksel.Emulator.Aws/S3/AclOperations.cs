using Piksel.Emulator.Aws.Hosting;
using Piksel.Emulator.Aws.Hosting.Operations;
using Piksel.Emulator.Aws.Protocol;

namespace Piksel.Emulator.Aws.S3;

/// <summary>Bucket and object ACLs, kept as canned ACLs (see <see cref="S3Acls"/>).</summary>
internal sealed class AclOperations(S3Store store) : IOperationGroup
{
    /// <inheritdoc />
    public void Register(OperationTable table) => table
        .Add("GetBucketAcl", "s3:GetBucketAcl", GetBucketAcl)
        .Add("PutBucketAcl", "s3:PutBucketAcl", PutBucketAcl)
        .Add("GetObjectAcl", "s3:GetObjectAcl", GetObjectAcl)
        .Add("PutObjectAcl", "s3:PutObjectAcl", PutObjectAcl);

    private OperationCall GetBucketAcl(AwsRequestContext context)
    {
        var bucket = store.RequestedBucket(context);
        return OperationCall.On(S3Subject.OnBucket(bucket), () => S3Acls.WriteAsync(context, bucket.OwnerAccount, bucket.Acl));
    }

    private OperationCall PutBucketAcl(AwsRequestContext context)
    {
        var bucket = store.RequestedBucket(context);
        return OperationCall.On(S3Subject.OnBucket(bucket, S3ConditionKeys.Write(context.Http.Request)), () =>
        {
            var acl = S3Acls.ReadCanned(context);
            if (bucket.ObjectOwnership == "BucketOwnerEnforced" && acl is not ("private" or "bucket-owner-full-control"))
                throw new AwsServiceException("AccessControlListNotSupported", "The bucket does not allow ACLs");
            if (bucket.PublicAccessBlock?.BlockPublicAcls == true && S3Acls.IsPublic(acl)) throw S3Errors.PlainAccessDenied();
            store.UpdateBucket(bucket.Name, b => b with { Acl = acl });
            return S3Xml.Status(context.Http, 200);
        });
    }

    private OperationCall GetObjectAcl(AwsRequestContext context)
    {
        var bucket = store.RequestedBucket(context);
        var key = S3Target.Of(context).ObjectKey;
        return OperationCall.On(S3Subject.OnObject(bucket, key), () =>
            S3Acls.WriteAsync(context, bucket.OwnerAccount, store.RequireObject(bucket.Name, key).Acl));
    }

    private OperationCall PutObjectAcl(AwsRequestContext context)
    {
        var bucket = store.RequestedBucket(context);
        var key = S3Target.Of(context).ObjectKey;
        return OperationCall.On(S3Subject.OnObject(bucket, key, S3ConditionKeys.Write(context.Http.Request)), () =>
        {
            var acl = S3Acls.ReadCanned(context);
            S3Acls.CheckObjectAcl(bucket, acl);
            store.RequireObject(bucket.Name, key);
            store.UpdateObject(bucket.Name, key, current => current with { Acl = acl });
            return S3Xml.Status(context.Http, 200);
        });
    }
}
