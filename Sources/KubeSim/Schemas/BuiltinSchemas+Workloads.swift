import KubeModels

extension BuiltinSchemas {
    static let apps = "io.k8s.api.apps.v1."
    static let batch = "io.k8s.api.batch.v1."

    static let selector = ref(meta + "LabelSelector", "Label selector for pods. It must match the pod template's labels.")
    static let template = ref(corePrefix + "PodTemplateSpec", "Template describes the pods that will be created.")

    static let workloads: [String: JSONValue] = [
        apps + "Deployment": kind("Deployment enables declarative updates for Pods and ReplicaSets.", [
            "spec": ref(apps + "DeploymentSpec", "Specification of the desired behavior of the Deployment."),
            "status": open("Most recently observed status of the Deployment."),
        ]),
        apps + "DeploymentSpec": object("DeploymentSpec is the specification of the desired behavior of the Deployment.", [
            "replicas": integer("Number of desired pods. This is a pointer to distinguish between explicit zero and not specified. Defaults to 1."),
            "selector": selector, "template": template,
            "strategy": object("The deployment strategy to use to replace existing pods with new ones.", [
                "type": string("Type of deployment. Can be \"Recreate\" or \"RollingUpdate\". Default is RollingUpdate.", enumeration: ["Recreate", "RollingUpdate"]),
                "rollingUpdate": object("Rolling update config params. Present only if DeploymentStrategyType = RollingUpdate.", [
                    "maxUnavailable": intOrString("The maximum number of pods that can be unavailable during the update."),
                    "maxSurge": intOrString("The maximum number of pods that can be scheduled above the desired number of pods."),
                ]),
            ]),
            "minReadySeconds": integer("Minimum number of seconds for which a newly created pod should be ready."),
            "revisionHistoryLimit": integer("The number of old ReplicaSets to retain to allow rollback."),
            "paused": boolean("Indicates that the deployment is paused."),
            "progressDeadlineSeconds": integer("The maximum time in seconds for a deployment to make progress before it is considered to be failed."),
        ], required: ["selector", "template"]),
        apps + "ReplicaSet": kind("ReplicaSet ensures that a specified number of pod replicas are running at any given time.", [
            "spec": object("ReplicaSetSpec is the specification of a ReplicaSet.", [
                "replicas": integer("Replicas is the number of desired pods."),
                "minReadySeconds": integer("Minimum number of seconds for which a newly created pod should be ready."),
                "selector": selector, "template": template,
            ], required: ["selector"]),
            "status": open("Status is the most recently observed status of the ReplicaSet."),
        ]),
        apps + "StatefulSet": kind("StatefulSet represents a set of pods with consistent identities.", [
            "spec": object("A StatefulSetSpec is the specification of a StatefulSet.", [
                "replicas": integer("replicas is the desired number of replicas of the given Template."),
                "selector": selector, "template": template,
                "volumeClaimTemplates": list(open("PersistentVolumeClaim"), "volumeClaimTemplates is a list of claims that pods are allowed to reference."),
                "serviceName": string("serviceName is the name of the service that governs this StatefulSet."),
                "podManagementPolicy": string("podManagementPolicy controls how pods are created during initial scale up.", enumeration: ["OrderedReady", "Parallel"]),
                "updateStrategy": open("updateStrategy indicates the StatefulSetUpdateStrategy."),
                "revisionHistoryLimit": integer("revisionHistoryLimit is the maximum number of revisions that will be maintained."),
                "minReadySeconds": integer("Minimum number of seconds for which a newly created pod should be ready."),
                "persistentVolumeClaimRetentionPolicy": open("persistentVolumeClaimRetentionPolicy describes the lifecycle of persistent volume claims."),
                "ordinals": open("ordinals controls the numbering of replica indices in a StatefulSet."),
            ], required: ["selector", "template"]),
            "status": open("Status is the current status of Pods in this StatefulSet."),
        ]),
        apps + "DaemonSet": kind("DaemonSet represents the configuration of a daemon set.", [
            "spec": object("DaemonSetSpec is the specification of a daemon set.", [
                "selector": selector, "template": template,
                "updateStrategy": open("An update strategy to replace existing DaemonSet pods with new pods."),
                "minReadySeconds": integer("The minimum number of seconds for which a newly created DaemonSet pod should be ready."),
                "revisionHistoryLimit": integer("The number of old history to retain to allow rollback."),
            ], required: ["selector", "template"]),
            "status": open("The current status of this daemon set."),
        ]),
        batch + "Job": kind("Job represents the configuration of a single job.", [
            "spec": ref(batch + "JobSpec", "Specification of the desired behavior of a job."),
            "status": open("Current status of a job."),
        ]),
        batch + "JobSpec": object("JobSpec describes how the job execution will look like.", [
            "parallelism": integer("Specifies the maximum desired number of pods the job should run at any given time."),
            "completions": integer("Specifies the desired number of successfully finished pods the job should be run with."),
            "activeDeadlineSeconds": integer("Specifies the duration in seconds relative to the startTime that the job may be continuously active.", format: "int64"),
            "podFailurePolicy": open("Specifies the policy of handling failed pods."),
            "successPolicy": open("successPolicy specifies the policy when the Job can be declared as succeeded."),
            "backoffLimit": integer("Specifies the number of retries before marking this job failed."),
            "backoffLimitPerIndex": integer("Specifies the limit for the number of retries within an index."),
            "maxFailedIndexes": integer("Specifies the maximal number of failed indexes before marking the Job as failed."),
            "selector": ref(meta + "LabelSelector", "A label query over pods that should match the pod count."),
            "manualSelector": boolean("manualSelector controls generation of pod labels and pod selectors."),
            "template": template,
            "ttlSecondsAfterFinished": integer("ttlSecondsAfterFinished limits the lifetime of a Job that has finished execution."),
            "completionMode": string("completionMode specifies how Pod completions are tracked.", enumeration: ["Indexed", "NonIndexed"]),
            "suspend": boolean("suspend specifies whether the Job controller should create Pods or not."),
            "podReplacementPolicy": string("podReplacementPolicy specifies when to create replacement Pods."),
            "managedBy": string("ManagedBy field indicates the controller that manages a Job."),
        ], required: ["template"]),
        batch + "CronJob": kind("CronJob represents the configuration of a single cron job.", [
            "spec": object("CronJobSpec describes how the job execution will look like and when it will actually run.", [
                "schedule": string("The schedule in Cron format."),
                "timeZone": string("The time zone name for the given schedule."),
                "startingDeadlineSeconds": integer("Optional deadline in seconds for starting the job if it misses scheduled time.", format: "int64"),
                "concurrencyPolicy": string("Specifies how to treat concurrent executions of a Job.", enumeration: ["Allow", "Forbid", "Replace"]),
                "suspend": boolean("This flag tells the controller to suspend subsequent executions."),
                "jobTemplate": object("Specifies the job that will be created when executing a CronJob.", [
                    "metadata": ref(meta + "ObjectMeta", "Standard object's metadata of the jobs created from this template."),
                    "spec": ref(batch + "JobSpec", "Specification of the desired behavior of the job."),
                ]),
                "successfulJobsHistoryLimit": integer("The number of successful finished jobs to retain."),
                "failedJobsHistoryLimit": integer("The number of failed finished jobs to retain."),
            ], required: ["schedule", "jobTemplate"]),
            "status": open("Current status of a cron job."),
        ]),
    ]

    static let core: [String: JSONValue] = [
        corePrefix + "Service": kind("Service is a named abstraction of software service.", [
            "spec": object("ServiceSpec describes the attributes that a user creates on a service.", [
                "ports": list(ref(corePrefix + "ServicePort"), "The list of ports that are exposed by this service.", keys: ["port", "protocol"], patchKey: "port"),
                "selector": map(["type": "string", "default": ""], "Route service traffic to pods with label keys and values matching this selector.", atomic: true),
                "clusterIP": string("clusterIP is the IP address of the service."), "clusterIPs": strings("ClusterIPs is a list of IP addresses assigned to this service."),
                "type": string("type determines how the Service is exposed.", enumeration: ["ClusterIP", "ExternalName", "LoadBalancer", "NodePort"]),
                "externalIPs": strings("externalIPs is a list of IP addresses for which nodes in the cluster will also accept traffic."),
                "sessionAffinity": string("Supports \"ClientIP\" and \"None\".", enumeration: ["ClientIP", "None"]),
                "loadBalancerIP": string("Only applies to Service Type: LoadBalancer."),
                "loadBalancerSourceRanges": strings("If specified and supported by the platform, traffic through the load-balancer will be restricted."),
                "externalName": string("externalName is the external reference."),
                "externalTrafficPolicy": string("externalTrafficPolicy describes how nodes distribute service traffic they receive."),
                "healthCheckNodePort": integer("healthCheckNodePort specifies the healthcheck nodePort for the service."),
                "publishNotReadyAddresses": boolean("publishNotReadyAddresses indicates that any agent which deals with endpoints should disregard readiness."),
                "sessionAffinityConfig": open("sessionAffinityConfig contains the configurations of session affinity."),
                "ipFamilies": strings("IPFamilies is a list of IP families assigned to this service."),
                "ipFamilyPolicy": string("IPFamilyPolicy represents the dual-stack-ness requested or required by this Service."),
                "allocateLoadBalancerNodePorts": boolean("allocateLoadBalancerNodePorts defines if NodePorts will be automatically allocated."),
                "loadBalancerClass": string("loadBalancerClass is the class of the load balancer implementation this Service belongs to."),
                "internalTrafficPolicy": string("InternalTrafficPolicy describes how nodes distribute service traffic they receive on the ClusterIP."),
                "trafficDistribution": string("TrafficDistribution offers a way to express preferences for how traffic is distributed."),
            ]),
            "status": open("Most recently observed status of the service."),
        ]),
        corePrefix + "ServicePort": object("ServicePort contains information on service's port.", [
            "name": string("The name of this port within the service."),
            "protocol": string("The IP protocol for this port.", enumeration: ["SCTP", "TCP", "UDP"]),
            "appProtocol": string("The application protocol for this port."), "port": integer("The port that will be exposed by this service."),
            "targetPort": intOrString("Number or name of the port to access on the pods targeted by the service."),
            "nodePort": integer("The port on each node on which this service is exposed when type is NodePort or LoadBalancer."),
        ], required: ["port"]),
        corePrefix + "ConfigMap": kind("ConfigMap holds configuration data for pods to consume.", [
            "data": stringMap("Data contains the configuration data."),
            "binaryData": map(["type": "string", "format": "byte"], "BinaryData contains the binary data."),
            "immutable": boolean("Immutable, if set to true, ensures that data stored in the ConfigMap cannot be updated."),
        ]),
        corePrefix + "Secret": kind("Secret holds secret data of a certain type.", [
            "data": map(["type": "string", "format": "byte"], "Data contains the secret data."),
            "stringData": stringMap("stringData allows specifying non-binary secret data in string form."),
            "type": string("Used to facilitate programmatic handling of secret data."),
            "immutable": boolean("Immutable, if set to true, ensures that data stored in the Secret cannot be updated."),
        ]),
        corePrefix + "Namespace": kind("Namespace provides a scope for Names.", [
            "spec": object("NamespaceSpec describes the attributes on a Namespace.", ["finalizers": strings("Finalizers is an opaque list of values that must be empty to permanently remove object from storage.")]),
            "status": open("Status describes the current status of a Namespace."),
        ]),
        corePrefix + "ServiceAccount": kind("ServiceAccount binds together a name, a principal and a set of secrets.", [
            "secrets": list(open("ObjectReference"), "Secrets is a list of the secrets in the same namespace that pods running using this ServiceAccount are allowed to use.", keys: ["name"], patchKey: "name"),
            "imagePullSecrets": list(object("LocalObjectReference", ["name": string("Name of the referent.")], atomic: true), "ImagePullSecrets is a list of references to secrets in the same namespace to use for pulling any images."),
            "automountServiceAccountToken": boolean("AutomountServiceAccountToken indicates whether pods running as this service account should have an API token automatically mounted."),
        ]),
        corePrefix + "ResourceQuota": kind("ResourceQuota sets aggregate quota restrictions enforced per namespace", [
            "spec": object("ResourceQuotaSpec defines the desired hard limits to enforce for Quota.", [
                "hard": map(quantity(), "hard is the set of desired hard limits for each named resource."),
                "scopes": strings("A collection of filters that must match each object tracked by a quota."),
                "scopeSelector": open("scopeSelector is also a collection of filters like scopes."),
            ]),
            "status": open("Status defines the actual enforced quota and its current usage."),
        ]),
    ]
}
