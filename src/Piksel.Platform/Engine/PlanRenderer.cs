using System.Globalization;
using System.Text;
using Piksel.Platform.Spec;

namespace Piksel.Platform.Engine;

/// <summary>
/// Renders a <see cref="Plan"/> the way Terraform does: a header per resource with its symbol (<c>+</c> create,
/// <c>~</c> update in place, <c>-/+</c> replace, <c>-</c> destroy), the attributes that change, and a summary.
/// Sensitive values show as <c>(sensitive value)</c>, values still unknown as <c>(known after apply)</c>.
/// </summary>
internal static class PlanRenderer
{
    private const string KnownAfterApply = "(known after apply)";

    public static string Render(Plan plan, bool showUnchanged)
    {
        var text = new StringBuilder();
        var heading = plan.Mode == PlanMode.Destroy ? "destroy" : "apply";
        text.Append(CultureInfo.InvariantCulture, $"Piksel plan ({heading}) for environment {plan.Spec.Environment}:\n\n");
        foreach (var change in plan.Changes)
        {
            RenderChange(text, change, showUnchanged);
        }

        text.Append('\n').Append(Summary(plan)).Append('\n');
        return text.ToString();
    }

    private static void RenderChange(StringBuilder text, ResourceChange change, bool showUnchanged)
    {
        var recheck = change.Recheck && change.Kind is ChangeKind.NoChange or ChangeKind.Update ? " (read again once its dependencies exist)" : "";
        switch (change.Kind)
        {
            case ChangeKind.NoChange:
                if (showUnchanged)
                {
                    text.Append(CultureInfo.InvariantCulture, $"    {change.Id}: no change{recheck}\n");
                }

                return;
            case ChangeKind.Create:
                text.Append(CultureInfo.InvariantCulture, $"  # {change.Id} will be created{recheck}\n  + {change.Id}\n");
                break;
            case ChangeKind.Update:
                text.Append(CultureInfo.InvariantCulture, $"  # {change.Id} will be updated in-place{recheck}\n  ~ {change.Id}\n");
                break;
            case ChangeKind.Replace:
                text.Append(CultureInfo.InvariantCulture, $"  # {change.Id} must be replaced{recheck}\n-/+ {change.Id}\n");
                break;
            case ChangeKind.Delete:
                text.Append(CultureInfo.InvariantCulture, $"  # {change.Id} will be destroyed\n  - {change.Id}\n");
                return;
        }

        foreach (var missing in change.MissingInputs)
        {
            text.Append(CultureInfo.InvariantCulture, $"      ! input {missing} is missing: apply will refuse to start\n");
        }

        var width = change.Attributes.Count == 0 ? 0 : change.Attributes.Max(a => a.Path.Length);
        foreach (var attribute in change.Attributes)
        {
            text.Append("      ").Append(Line(attribute, width)).Append('\n');
        }
    }

    private static string Line(AttributeChange attribute, int width)
    {
        var path = attribute.Path.PadRight(width);
        var after = Show(attribute, attribute.After);
        if (attribute.Before is null)
        {
            return $"+ {path} = {after}";
        }

        if (attribute.After is null)
        {
            return $"- {path} = {Show(attribute, attribute.Before)} -> null";
        }

        var forces = attribute.ForcesReplacement ? " # forces replacement" : "";
        return $"~ {path} = {Show(attribute, attribute.Before)} -> {after}{forces}";
    }

    private static string Show(AttributeChange attribute, string? value) =>
        attribute.IsSensitive ? SensitiveString.Redacted
        : value is not null && OutputRef.HasTokens(value) ? KnownAfterApply
        : value ?? "null";

    private static string Summary(Plan plan)
    {
        if (!plan.HasChanges)
        {
            return $"No changes. The platform matches the spec ({plan.Changes.Count} resources).";
        }

        var replace = plan.Count(ChangeKind.Replace);
        var add = plan.Count(ChangeKind.Create) + replace;
        var change = plan.Count(ChangeKind.Update);
        var destroy = plan.Count(ChangeKind.Delete) + replace;
        return string.Create(
            CultureInfo.InvariantCulture,
            $"Plan: {add} to add, {change} to change, {destroy} to destroy ({replace} replaced, {plan.Count(ChangeKind.NoChange)} unchanged).");
    }
}
