using System.Globalization;
using System.Xml.Linq;
using Piksel.Emulator.Aws.Hosting;
using Piksel.Emulator.Aws.Hosting.Operations;
using Piksel.Emulator.Aws.Protocol;

namespace Piksel.Emulator.Aws.S3;

/// <summary>A bucket's lifecycle configuration: put (validated as S3 validates it), get, delete. Rules are kept, not applied.</summary>
internal sealed class LifecycleOperations(S3Store store) : IOperationGroup
{
    private static readonly string[] ExpirationChoices = ["Days", "Date", "ExpiredObjectDeleteMarker"];

    private const string MinimumSizeHeader = "x-amz-transition-default-minimum-object-size";
    private const string MinimumSize = "all_storage_classes_128K";
    private static readonly string[] TransitionClasses = ["GLACIER", "STANDARD_IA", "ONEZONE_IA", "INTELLIGENT_TIERING", "DEEP_ARCHIVE", "GLACIER_IR"];

    /// <inheritdoc />
    public void Register(OperationTable table) => table
        .Add("PutBucketLifecycleConfiguration", "s3:PutLifecycleConfiguration", PutBucketLifecycleConfiguration)
        .Add("GetBucketLifecycleConfiguration", "s3:GetLifecycleConfiguration", GetBucketLifecycleConfiguration)
        .Add("DeleteBucketLifecycle", "s3:PutLifecycleConfiguration", DeleteBucketLifecycle);

    private OperationCall PutBucketLifecycleConfiguration(AwsRequestContext context)
    {
        var bucket = store.RequestedBucket(context);
        return OperationCall.On(S3Subject.OnBucket(bucket), () =>
        {
            var doc = S3Xml.Parse(context.Body, "LifecycleConfiguration");
            var rules = doc.Children("Rule").ToList();
            if (rules.Count is 0 or > 1000) throw S3Xml.MalformedXml();
            var ids = new HashSet<string>(StringComparer.Ordinal);
            foreach (var rule in rules)
            {
                // S3 names a rule that came without an ID.
                if (rule.Child("ID") is null) rule.AddFirst(new XElement(XName.Get("ID", S3Service.Namespace), Convert.ToBase64String(Guid.NewGuid().ToByteArray()).TrimEnd('=')));
                var id = rule.ChildValue("ID")!;
                if (id.Length > 255) throw new AwsServiceException("InvalidArgument", "ID length should not exceed allowed limit of 255");
                if (!ids.Add(id)) throw new AwsServiceException("InvalidArgument", "Rule ID must be unique. Found same ID for more than one rule");
                Validate(rule);
            }
            store.UpdateBucket(bucket.Name, b => b with { LifecycleXml = S3Xml.Store(rules) });
            context.Http.Response.Headers[MinimumSizeHeader] = MinimumSize;
            return S3Xml.Status(context.Http, 200);
        });
    }

    private OperationCall GetBucketLifecycleConfiguration(AwsRequestContext context)
    {
        var bucket = store.RequestedBucket(context);
        return OperationCall.On(S3Subject.OnBucket(bucket), () =>
        {
            var stored = bucket.LifecycleXml
                ?? throw S3Errors.NotConfigured("NoSuchLifecycleConfiguration", "The lifecycle configuration does not exist", bucket.Name);
            context.Http.Response.Headers[MinimumSizeHeader] = MinimumSize;
            return S3Xml.WriteAsync(context.Http, "LifecycleConfiguration", xml => xml.Raw(stored));
        });
    }

    private OperationCall DeleteBucketLifecycle(AwsRequestContext context)
    {
        var bucket = store.RequestedBucket(context);
        return OperationCall.On(S3Subject.OnBucket(bucket), () =>
        {
            store.UpdateBucket(bucket.Name, b => b with { LifecycleXml = null });
            return S3Xml.Status(context.Http, 204);
        });
    }

    private static void Validate(XElement rule)
    {
        if (rule.ChildValue("Status") is not ("Enabled" or "Disabled")) throw S3Xml.MalformedXml();
        var filter = rule.Child("Filter");
        var prefix = rule.Child("Prefix");
        if (filter is not null && prefix is not null) throw S3Xml.MalformedXml();
        if (filter is null && prefix is null) throw S3Xml.MalformedXml();
        var hasTags = false;
        if (filter is not null)
        {
            var conditions = filter.Elements().ToList();
            if (conditions.Count > 1) throw S3Xml.MalformedXml();
            hasTags = filter.Descendants().Any(e => e.Name.LocalName == "Tag");
            foreach (var size in filter.Descendants().Where(e => e.Name.LocalName is "ObjectSizeGreaterThan" or "ObjectSizeLessThan"))
                if (!long.TryParse(size.Value, NumberStyles.None, CultureInfo.InvariantCulture, out _)) throw S3Xml.MalformedXml();
        }

        var expiration = rule.Child("Expiration");
        var transitions = rule.Children("Transition").ToList();
        var noncurrentExpiration = rule.Child("NoncurrentVersionExpiration");
        var noncurrentTransitions = rule.Children("NoncurrentVersionTransition").ToList();
        var abort = rule.Child("AbortIncompleteMultipartUpload");
        if (expiration is null && transitions.Count == 0 && noncurrentExpiration is null && noncurrentTransitions.Count == 0 && abort is null)
            throw new AwsServiceException("InvalidRequest", "At least one action needs to be specified in a rule");

        int? expirationDays = null;
        if (expiration is not null)
        {
            var given = ExpirationChoices.Count(n => expiration.Child(n) is not null);
            if (given != 1) throw S3Xml.MalformedXml();
            if (expiration.ChildValue("Days") is { } days) expirationDays = PositiveDays(days, "'Days' for Expiration action must be a positive integer");
            if (expiration.ChildValue("Date") is { } date) CheckMidnight(date);
        }
        foreach (var transition in transitions) CheckTransition(transition, expirationDays);
        if (noncurrentExpiration is not null)
            PositiveDays(noncurrentExpiration.ChildValue("NoncurrentDays"), "'NoncurrentDays' for NoncurrentVersionExpiration action must be a positive integer");
        foreach (var transition in noncurrentTransitions)
        {
            if (!TransitionClasses.Contains(transition.ChildValue("StorageClass") ?? "")) throw S3Xml.MalformedXml();
            if (!int.TryParse(transition.ChildValue("NoncurrentDays"), NumberStyles.None, CultureInfo.InvariantCulture, out _))
                throw new AwsServiceException("InvalidArgument", "'NoncurrentDays' in NoncurrentVersionTransition action must be nonnegative");
        }
        if (abort is not null)
        {
            if (hasTags) throw new AwsServiceException("InvalidRequest", "AbortIncompleteMultipartUpload cannot be specified with Tags.");
            PositiveDays(abort.ChildValue("DaysAfterInitiation"), "'DaysAfterInitiation' for AbortIncompleteMultipartUpload action must be a positive integer");
        }
    }

    private static void CheckTransition(XElement transition, int? expirationDays)
    {
        if (!TransitionClasses.Contains(transition.ChildValue("StorageClass") ?? "")) throw S3Xml.MalformedXml();
        var storageClass = transition.ChildValue("StorageClass")!;
        if ((transition.ChildValue("Days") is null) == (transition.ChildValue("Date") is null)) throw S3Xml.MalformedXml();
        if (transition.ChildValue("Date") is { } date) CheckMidnight(date);
        if (transition.ChildValue("Days") is not { } daysText) return;
        if (!int.TryParse(daysText, NumberStyles.None, CultureInfo.InvariantCulture, out var days))
            throw new AwsServiceException("InvalidArgument", "'Days' in Transition action must be nonnegative");
        if (storageClass is "STANDARD_IA" or "ONEZONE_IA" && days < 30)
            throw new AwsServiceException("InvalidArgument", $"'Days' in Transition action must be greater than or equal to 30 for storageClass '{storageClass}'");
        if (expirationDays is { } e && e <= days)
            throw new AwsServiceException("InvalidArgument", "'Days' in the Expiration action for filter must be greater than 'Days' in the Transition action");
    }

    private static int PositiveDays(string? text, string message) =>
        int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var days) && days > 0
            ? days
            : throw new AwsServiceException("InvalidArgument", message);

    private static void CheckMidnight(string text)
    {
        if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var date))
            throw S3Xml.MalformedXml();
        if (date.TimeOfDay != TimeSpan.Zero) throw new AwsServiceException("InvalidArgument", "'Date' must be at midnight GMT");
    }
}
