using System.Globalization;
using Piksel.Emulator.Aws.Hosting;

namespace Piksel.Emulator.Aws.S3;

/// <summary>Query parameters the listing operations share.</summary>
internal static class S3Query
{
    /// <summary>The parameter <paramref name="name"/>, or null when the request does not give it (an empty value is given).</summary>
    public static string? Value(AwsRequestContext context, string name) =>
        context.Http.Request.Query.TryGetValue(name, out var value) ? value.ToString() : null;

    /// <summary>A page size (max-keys, max-parts, max-uploads): 1000 when absent, at most 1000, InvalidArgument when not a non-negative integer.</summary>
    public static int PageSize(string? text, string name = "max-keys")
    {
        if (string.IsNullOrEmpty(text)) return 1000;
        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) || value < 0)
            throw S3Errors.InvalidArgument($"Provided {name} not an integer or within integer range", name, text);
        return Math.Min(value, 1000);
    }
}
