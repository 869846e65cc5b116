namespace Piksel.AppHost.AppModel;

/// <summary>What a dashboard command did: whether it succeeded and the one-line summary the dashboard shows.</summary>
/// <param name="Succeeded">True when the command did what it was asked.</param>
/// <param name="Summary">The result the dashboard shows (the details go to the resource's console log).</param>
internal sealed record CommandOutcome(bool Succeeded, string Summary);
