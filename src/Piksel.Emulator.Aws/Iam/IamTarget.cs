using Piksel.Emulator.Aws.Protocol;
using Piksel.Emulator.Aws.State;

namespace Piksel.Emulator.Aws.Iam;

/// <summary>
/// The entity a request names: its table and row, the ARN its action is authorized on, the row as it was when the
/// request was read, and IAM's error when it is missing. A missing entity is still authorized (on the ARN it would
/// have), so a caller without rights cannot probe for names: AccessDenied comes before NoSuchEntity.
/// </summary>
internal sealed record IamTarget<T>(Table<T> Table, string Key, string Arn, T? Found, Func<AwsServiceException> Missing)
    where T : class
{
    /// <summary>The entity as found when the request was read; throws <see cref="Missing"/> when there was none.</summary>
    public T Existing => Found ?? throw Missing();
}
