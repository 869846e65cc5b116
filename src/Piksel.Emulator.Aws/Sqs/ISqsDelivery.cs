namespace Piksel.Emulator.Aws.Sqs;

/// <summary>How another AWS service (EventBridge) puts a message on a queue on a caller's behalf.</summary>
public interface ISqsDelivery
{
    /// <summary>
    /// Sends <paramref name="body"/> to the queue <paramref name="queueArn"/> as <paramref name="servicePrincipal"/>
    /// (<c>events.amazonaws.com</c>) acting for <paramref name="sourceArn"/> (the rule). Only the queue's policy can
    /// allow it, as in AWS; false when the queue is gone or its policy does not.
    /// </summary>
    bool DeliverAsService(string queueArn, string body, string servicePrincipal, string sourceArn);
}
