namespace Piksel.Emulator.Kubernetes.Tests.Kubectl;

/// <summary>The manifests the kubectl tests apply.</summary>
internal static class Manifests
{
    /// <summary>A namespace with one of each kind the platform deploys.</summary>
    public static string App(string ns) => $$"""
        apiVersion: v1
        kind: Namespace
        metadata:
          name: {{ns}}
        ---
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: settings
          namespace: {{ns}}
          labels:
            app: web
        data:
          color: blue
        ---
        apiVersion: v1
        kind: Secret
        metadata:
          name: credentials
          namespace: {{ns}}
        type: Opaque
        data:
          password: czNjcjN0
        ---
        apiVersion: v1
        kind: ServiceAccount
        metadata:
          name: web
          namespace: {{ns}}
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
          namespace: {{ns}}
          labels:
            app: web
        spec:
          replicas: 2
          selector:
            matchLabels:
              app: web
          template:
            metadata:
              labels:
                app: web
            spec:
              serviceAccountName: web
              containers:
              - name: web
                image: nginx:1.27
                ports:
                - containerPort: 80
                env:
                - name: COLOR
                  valueFrom:
                    configMapKeyRef:
                      name: settings
                      key: color
                resources:
                  requests:
                    cpu: 100m
                    memory: 64Mi
        ---
        apiVersion: v1
        kind: Service
        metadata:
          name: web
          namespace: {{ns}}
        spec:
          selector:
            app: web
          ports:
          - port: 80
            targetPort: 80
        ---
        apiVersion: rbac.authorization.k8s.io/v1
        kind: Role
        metadata:
          name: reader
          namespace: {{ns}}
        rules:
        - apiGroups: [""]
          resources: ["configmaps"]
          verbs: ["get", "list", "watch"]
        ---
        apiVersion: rbac.authorization.k8s.io/v1
        kind: RoleBinding
        metadata:
          name: web-reader
          namespace: {{ns}}
        subjects:
        - kind: ServiceAccount
          name: web
          namespace: {{ns}}
        roleRef:
          apiGroup: rbac.authorization.k8s.io
          kind: Role
          name: reader
        ---
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata:
          name: web
          namespace: {{ns}}
        spec:
          podSelector:
            matchLabels:
              app: web
          policyTypes: ["Ingress"]
          ingress:
          - ports:
            - port: 80
        """;

    /// <summary>One ConfigMap.</summary>
    public static string ConfigMap(string ns, string name, string extra = "") => $$"""
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: {{name}}
          namespace: {{ns}}
        data:
          color: blue
        {{extra}}
        """;
}
