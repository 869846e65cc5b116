namespace Piksel.Emulator.Aws.Hosting.Operations;

/// <summary>
/// Runs one request through its service's operation table: resolve the operation, let it read the request, authorize
/// what it declared, then run its handler. An operation whose call does not match its declaration is a bug in the
/// emulator: the pipeline refuses it (500) before the handler runs, rather than let an unchecked write through.
/// </summary>
public static class OperationPipeline
{
    /// <summary>Serves <paramref name="context"/> with <paramref name="service"/>'s operations.</summary>
    public static async Task RunAsync(IAwsService service, AwsRequestContext context)
    {
        ArgumentNullException.ThrowIfNull(service);
        ArgumentNullException.ThrowIfNull(context);
        var operation = service.Resolve(context);
        context.Operation = operation;
        // Injected faults answer before the operation reads the request, so a faulted call changes nothing.
        await context.State.Faults.ApplyAsync(context, operation.Name);
        var call = operation.Prepare(context);
        if (call.Mode != operation.Mode)
        {
            throw new InvalidOperationException(
                $"{service.SigningName}:{operation.Name} is declared {operation.Mode} but its handler asked for {call.Mode}; refused before it ran.");
        }

        if (operation.Mode == AuthorizationMode.BeforeHandler)
            service.Authorize(context, new AccessDemand(operation.Action!, call.Access!));
        foreach (var demand in call.Also) service.Authorize(context, demand);
        await call.Run();
    }
}
