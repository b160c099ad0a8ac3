import Foundation
import KubeAPI
import TestSupport

/// Realistic kubeconfig files as kind, az aks get-credentials, aws eks update-kubeconfig and
/// gcloud container clusters get-credentials write them.
enum KubeconfigFixtures {
    static func base64(_ text: String) -> String { Data(text.utf8).base64EncodedString() }

    static func kind(server: String, caPEM: String, client: TestPKI.Identity, name: String = "kind-dev") -> String {
        """
        apiVersion: v1
        clusters:
        - cluster:
            certificate-authority-data: \(base64(caPEM))
            server: \(server)
          name: \(name)
        contexts:
        - context:
            cluster: \(name)
            user: \(name)
          name: \(name)
        current-context: \(name)
        kind: Config
        preferences: {}
        users:
        - name: \(name)
          user:
            client-certificate-data: \(base64(client.certificatePEM))
            client-key-data: \(base64(client.keyPEM))
        """
    }

    static let aksKubelogin = """
        apiVersion: v1
        clusters:
        - cluster:
            certificate-authority-data: \(base64("-----BEGIN CERTIFICATE-----\nAKS\n-----END CERTIFICATE-----\n"))
            server: https://aks-prod-dns-4f2a9c1e.hcp.westeurope.azmk8s.io:443
          name: aks-prod
        contexts:
        - context:
            cluster: aks-prod
            namespace: payments
            user: clusterUser_rg-prod_aks-prod
          name: aks-prod
        current-context: aks-prod
        kind: Config
        preferences: {}
        users:
        - name: clusterUser_rg-prod_aks-prod
          user:
            exec:
              apiVersion: client.authentication.k8s.io/v1beta1
              args:
              - get-token
              - --login
              - azurecli
              - --server-id
              - 6dae42f8-4368-4678-94ff-3960e28e3630
              command: kubelogin
              env: null
              installHint: |2

                kubelogin is not installed which is required to connect to AAD enabled cluster.

                To learn more, please go to https://aka.ms/aks/kubelogin
              provideClusterInfo: false
        """

    static let eksAWS = """
        apiVersion: v1
        clusters:
        - cluster:
            certificate-authority-data: \(base64("-----BEGIN CERTIFICATE-----\nEKS\n-----END CERTIFICATE-----\n"))
            server: https://0A1B2C3D4E5F.gr7.eu-west-1.eks.amazonaws.com
          name: arn:aws:eks:eu-west-1:123456789012:cluster/prod
        contexts:
        - context:
            cluster: arn:aws:eks:eu-west-1:123456789012:cluster/prod
            user: arn:aws:eks:eu-west-1:123456789012:cluster/prod
          name: arn:aws:eks:eu-west-1:123456789012:cluster/prod
        current-context: arn:aws:eks:eu-west-1:123456789012:cluster/prod
        kind: Config
        preferences: {}
        users:
        - name: arn:aws:eks:eu-west-1:123456789012:cluster/prod
          user:
            exec:
              apiVersion: client.authentication.k8s.io/v1beta1
              args:
              - --region
              - eu-west-1
              - eks
              - get-token
              - --cluster-name
              - prod
              - --output
              - json
              command: aws
              env:
              - name: AWS_PROFILE
                value: prod-admin
        """

    static let gke = """
        apiVersion: v1
        clusters:
        - cluster:
            certificate-authority-data: \(base64("-----BEGIN CERTIFICATE-----\nGKE\n-----END CERTIFICATE-----\n"))
            server: https://34.77.12.34
          name: gke_acme-prod_europe-west1_prod
        contexts:
        - context:
            cluster: gke_acme-prod_europe-west1_prod
            user: gke_acme-prod_europe-west1_prod
          name: gke_acme-prod_europe-west1_prod
        current-context: gke_acme-prod_europe-west1_prod
        kind: Config
        preferences: {}
        users:
        - name: gke_acme-prod_europe-west1_prod
          user:
            exec:
              apiVersion: client.authentication.k8s.io/v1beta1
              command: gke-gcloud-auth-plugin
              installHint: Install gke-gcloud-auth-plugin for use with kubectl by following
                https://cloud.google.com/kubernetes-engine/docs/how-to/cluster-access-for-kubectl#install_plugin
              provideClusterInfo: true
              interactiveMode: IfAvailable
        """
}

/// An environment rooted in a temporary directory: nothing from the real machine leaks in.
func isolatedEnvironment(_ directory: TemporaryDirectory, variables: [String: String] = [:]) -> KubeConfigEnvironment {
    var all = ["PATH": "/usr/bin:/bin"]
    all.merge(variables) { _, new in new }
    return KubeConfigEnvironment(
        variables: all, homeDirectory: directory.file("home"), serviceAccountDirectory: directory.file("serviceaccount")
    )
}
