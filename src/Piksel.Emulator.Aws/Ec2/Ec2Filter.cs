namespace Piksel.Emulator.Aws.Ec2;

/// <summary>One <c>Filter.N</c>: a name and the values any of which may match (<c>*</c> and <c>?</c> are wildcards).</summary>
internal sealed record Ec2Filter(string Name, IReadOnlyList<string> Values);
