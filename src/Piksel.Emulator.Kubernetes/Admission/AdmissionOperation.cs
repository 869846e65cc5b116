namespace Piksel.Emulator.Kubernetes.Admission;

/// <summary>The operation being admitted.</summary>
public enum AdmissionOperation { Create, Update, Delete }
