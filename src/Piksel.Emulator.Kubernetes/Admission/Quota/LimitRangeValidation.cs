using System.Globalization;
using System.Text.Json.Nodes;
using Piksel.Emulator.Kubernetes.Api;

namespace Piksel.Emulator.Kubernetes.Admission.Quota;

/// <summary>
/// The API validation of a LimitRange (pkg/apis/core/validation ValidateLimitRange), after its defaults: known types,
/// one item per type, well-formed quantities, no default or defaultRequest on a Pod item, storage bounds on a
/// PersistentVolumeClaim item, and per resource min ≤ defaultRequest ≤ default ≤ max and 1 ≤ ratio ≤ max/min.
/// Refused with 422 Invalid and the real messages.
/// </summary>
public static class LimitRangeValidation
{
    private static readonly string[] Types = ["Pod", "Container", "PersistentVolumeClaim"];
    private static readonly string[] Fields = ["max", "min", "default", "defaultRequest", "maxLimitRequestRatio"];

    /// <summary>Throws 422 when <paramref name="limitRange"/> is invalid.</summary>
    public static void Validate(JsonObject limitRange, string name)
    {
        var errors = new List<(string Field, string Type, string Message)>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var items = limitRange["spec"]?["limits"] as JsonArray ?? [];
        for (var i = 0; i < items.Count; i++)
        {
            var path = $"spec.limits[{i}]";
            if (items[i] is not JsonObject item) continue;
            var type = item["type"] is JsonValue t && t.TryGetValue<string>(out var s) ? s : "";
            if (!Types.Contains(type, StringComparer.Ordinal))
                errors.Add(($"{path}.type", "FieldValueNotSupported", $"Unsupported value: \"{type}\": supported values: \"Container\", \"Pod\", \"PersistentVolumeClaim\""));
            if (!seen.Add(type)) errors.Add(($"{path}.type", "FieldValueDuplicate", $"Duplicate value: \"{type}\""));
            foreach (var field in Fields)
            {
                if (item[field] is not JsonObject map) continue;
                foreach (var (resource, value) in map)
                {
                    if (!Quantity.TryRead(value, out _))
                        errors.Add(($"{path}.{field}[{resource}]", "FieldValueInvalid", $"Invalid value: {value?.ToJsonString()}: quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'"));
                }
            }
            CheckItem(LimitRangeItem.Of(new JsonObject { ["spec"] = new JsonObject { ["limits"] = new JsonArray(item.DeepClone()) } })[0], path, errors);
        }
        if (errors.Count > 0) throw StatusException.Invalid(BuiltInResources.LimitRanges, name, [.. errors]);
    }

    private static void CheckItem(LimitRangeItem item, string path, List<(string Field, string Type, string Message)> errors)
    {
        if (item.Type == "Pod")
        {
            if (item.Default.Count > 0) errors.Add(($"{path}.default", "FieldValueForbidden", "Forbidden: may not be specified when `type` is 'Pod'"));
            if (item.DefaultRequest.Count > 0) errors.Add(($"{path}.defaultRequest", "FieldValueForbidden", "Forbidden: may not be specified when `type` is 'Pod'"));
        }
        if (item.Type == "PersistentVolumeClaim" && !item.Min.ContainsKey("storage") && !item.Max.ContainsKey("storage"))
            errors.Add(($"{path}.limits", "FieldValueRequired", "Required value: either minimum or maximum storage value is required, but neither was provided"));
        var keys = new SortedSet<string>(item.Min.Keys.Concat(item.Max.Keys).Concat(item.Default.Keys).Concat(item.DefaultRequest.Keys).Concat(item.MaxLimitRequestRatio.Keys), StringComparer.Ordinal);
        foreach (var k in keys)
        {
            var hasMin = item.Min.TryGetValue(k, out var min);
            var hasMax = item.Max.TryGetValue(k, out var max);
            var hasDefault = item.Default.TryGetValue(k, out var def);
            var hasRequest = item.DefaultRequest.TryGetValue(k, out var request);
            var hasRatio = item.MaxLimitRequestRatio.TryGetValue(k, out var ratio);
            if (hasMin && hasMax && min > max) Invalid($"{path}.min[{k}]", min, $"min value {min} is greater than max value {max}");
            if (hasRequest && hasMin && min > request) Invalid($"{path}.defaultRequest[{k}]", request, $"min value {min} is greater than default request value {request}");
            if (hasRequest && hasMax && request > max) Invalid($"{path}.defaultRequest[{k}]", request, $"default request value {request} is greater than max value {max}");
            if (hasRequest && hasDefault && request > def) Invalid($"{path}.defaultRequest[{k}]", request, $"default request value {request} is greater than default limit value {def}");
            if (hasDefault && hasMin && min > def) Invalid($"{path}.default[{k}]", min, $"min value {min} is greater than default value {def}");
            if (hasDefault && hasMax && def > max) Invalid($"{path}.default[{k}]", max, $"default value {def} is greater than max value {max}");
            if (hasRatio && ratio.Value < 1) Invalid($"{path}.maxLimitRequestRatio[{k}]", ratio, $"ratio {ratio} is less than 1");
            if (hasRatio && hasMin && hasMax && min.Value > 0)
            {
                var limit = max.Value / min.Value;
                if (ratio.Value > limit) Invalid($"{path}.maxLimitRequestRatio[{k}]", ratio, $"ratio {ratio} is greater than max/min = {((double)limit).ToString("F6", CultureInfo.InvariantCulture)}");
            }
        }

        void Invalid(string field, Quantity value, string message) => errors.Add((field, "FieldValueInvalid", $"Invalid value: \"{value}\": {message}"));
    }
}
