namespace Piksel.Platform.Aws.Rds;

/// <summary>A named RDS group (subnet or parameter group) as RDS describes it: what <see cref="RdsGroupHandler{TSpec, TGroup}"/> needs of it.</summary>
public interface IRdsGroup
{
    /// <summary>The group's name.</summary>
    string Name { get; }

    /// <summary>The group's ARN.</summary>
    string Arn { get; }
}
