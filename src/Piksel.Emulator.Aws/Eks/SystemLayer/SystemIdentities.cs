using Piksel.Emulator.Kubernetes.Auth;

namespace Piksel.Emulator.Aws.Eks.SystemLayer;

/// <summary>Who EKS's in-cluster components write as: each its own user, as EKS's control plane components are.</summary>
public static class SystemIdentities
{
    /// <summary>The add-on manager that applies the add-ons' objects (EKS applies them as <c>eks:addon-manager</c>).</summary>
    public static UserInfo AddonManager { get; } = UserInfo.Component("eks:addon-manager");

    /// <summary>The Fargate scheduler, which binds Fargate pods.</summary>
    public static UserInfo FargateScheduler { get; } = UserInfo.Component("eks:fargate-scheduler");

    /// <summary>The kubelet of a Fargate node (it registers the node it runs on).</summary>
    public static UserInfo FargateKubelet(string nodeName) => UserInfo.Component("system:node:" + nodeName, "system:nodes");
}
