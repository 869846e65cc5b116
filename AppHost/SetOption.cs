using System.CommandLine;

namespace Piksel.AppHost;

/// <summary><c>--set field=value</c>: overrides of the environment file's fields, the last layer of its configuration.</summary>
internal static class SetOption
{
    /// <summary>A new <c>--set</c> option for a verb.</summary>
    public static Option<string[]> Create() => new("--set")
    {
        HelpName = "field=value",
        Description = "FIELD=VALUE: override a field of env/<env>.json, e.g. --set region=eu-west-1 (repeatable; wins over PIKSEL__<FIELD> variables). Manual secrets go in PIKSEL_SECRET_<NAME>, never here.",
        AllowMultipleArgumentsPerToken = false,
    };
}
