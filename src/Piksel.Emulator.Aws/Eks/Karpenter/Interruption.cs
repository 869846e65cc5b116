using Piksel.Emulator.Kubernetes.Api;
using Piksel.Emulator.Kubernetes.Controllers;

namespace Piksel.Emulator.Aws.Eks.Karpenter;

/// <summary>
/// The interruption controller: reads the queue, and for an event that deletes a node (spot interruption, stopping or
/// terminating, scheduled health change) drains and removes the node whose provider id names the instance; provisioning
/// then replaces it for the evicted pods. Every message is deleted once handled, even one Karpenter ignores.
/// </summary>
internal sealed class Interruption(IControllerClient client, IKarpenterCloud cloud, NodeTermination termination)
{
    /// <summary>Handles what the queue holds; returns how many messages it read.</summary>
    public async Task<int> PassAsync(CancellationToken cancellationToken)
    {
        var messages = await cloud.ReceiveInterruptionsAsync(cancellationToken);
        foreach (var message in messages)
        {
            if (InterruptionEvent.Parse(message.Body) is { DeletesNode: true } interruption)
            {
                foreach (var instanceId in interruption.InstanceIds)
                {
                    var node = client.List(BuiltInResources.Nodes, null).Items.FirstOrDefault(n =>
                        NodeObjects.InstanceIdOf(n.View["spec"]?["providerID"]?.GetValue<string>()) == instanceId && n.Labels.ContainsKey(KarpenterKinds.NodePoolLabel));
                    if (node is not null)
                        await termination.TerminateAsync(node, interruption.Reason, $"Interruption: {interruption.Reason} for instance {instanceId}", cancellationToken);
                }
            }
            await cloud.DeleteInterruptionAsync(message.ReceiptHandle, cancellationToken);
        }
        return messages.Count;
    }
}
