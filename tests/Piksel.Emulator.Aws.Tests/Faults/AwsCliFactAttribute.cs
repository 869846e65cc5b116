namespace Piksel.Emulator.Aws.Tests.Faults;

/// <summary>A fact that needs the AWS CLI on PATH; skipped, with the reason, where it is not installed.</summary>
public sealed class AwsCliFactAttribute : FactAttribute
{
    public AwsCliFactAttribute(
        [System.Runtime.CompilerServices.CallerFilePath] string? sourceFilePath = null,
        [System.Runtime.CompilerServices.CallerLineNumber] int sourceLineNumber = -1) : base(sourceFilePath, sourceLineNumber)
    {
        var onPath = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Any(dir => File.Exists(Path.Combine(dir, "aws")));
        if (!onPath) Skip = "the AWS CLI (aws) is not on PATH";
    }
}
