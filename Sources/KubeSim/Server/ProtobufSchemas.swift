import KubeModels

/// Protobuf field numbers (from k8s.io/api `generated.proto`) of the workload, service and policy
/// kinds that `kubectl create deployment|job|cronjob|service|quota|priorityclass|pdb|ingress` send.
/// Fields not listed are skipped when decoding.
enum ProtobufSchemas {
    typealias Field = ProtobufDecoding.Field

    static let meta = ProtobufDecoding.meta
    static let labelSelector: [Int: Field] = [
        1: .stringMap("matchLabels"),
        2: .repeatedMessage("matchExpressions", [1: .string("key"), 2: .string("operator"), 3: .repeatedString("values")]),
    ]
    static let resources: [Int: Field] = [1: .quantityMap("limits"), 2: .quantityMap("requests")]
    static let container: [Int: Field] = [
        1: .string("name"), 2: .string("image"), 3: .repeatedString("command"), 4: .repeatedString("args"), 5: .string("workingDir"),
        6: .repeatedMessage("ports", [1: .string("name"), 2: .int("hostPort"), 3: .int("containerPort"), 4: .string("protocol"), 5: .string("hostIP")]),
        7: .repeatedMessage("env", [1: .string("name"), 2: .string("value")]),
        8: .message("resources", resources),
        9: .repeatedMessage("volumeMounts", [1: .string("name"), 2: .bool("readOnly"), 3: .string("mountPath"), 4: .string("subPath"), 5: .string("mountPropagation"), 6: .string("subPathExpr")]),
        13: .string("terminationMessagePath"), 14: .string("imagePullPolicy"), 16: .bool("stdin"), 17: .bool("stdinOnce"), 18: .bool("tty"),
        20: .string("terminationMessagePolicy"), 24: .string("restartPolicy"),
    ]
    static let podSpec: [Int: Field] = [
        2: .repeatedMessage("containers", container), 3: .string("restartPolicy"), 4: .int("terminationGracePeriodSeconds"),
        5: .int("activeDeadlineSeconds"), 6: .string("dnsPolicy"), 7: .stringMap("nodeSelector"), 8: .string("serviceAccountName"),
        9: .string("serviceAccount"), 10: .string("nodeName"), 11: .bool("hostNetwork"), 12: .bool("hostPID"), 13: .bool("hostIPC"),
        15: .repeatedMessage("imagePullSecrets", [1: .string("name")]), 16: .string("hostname"), 17: .string("subdomain"),
        19: .string("schedulerName"), 20: .repeatedMessage("initContainers", container), 21: .bool("automountServiceAccountToken"),
        24: .string("priorityClassName"), 25: .int("priority"), 27: .bool("shareProcessNamespace"), 29: .string("runtimeClassName"),
        30: .bool("enableServiceLinks"), 31: .string("preemptionPolicy"),
    ]
    static let podTemplate: [Int: Field] = [1: meta, 2: .message("spec", podSpec)]
    static let jobSpec: [Int: Field] = [
        1: .int("parallelism"), 2: .int("completions"), 3: .int("activeDeadlineSeconds"), 4: .message("selector", labelSelector),
        5: .bool("manualSelector"), 6: .message("template", podTemplate), 7: .int("backoffLimit"), 8: .int("ttlSecondsAfterFinished"),
        9: .string("completionMode"), 10: .bool("suspend"), 12: .int("backoffLimitPerIndex"), 13: .int("maxFailedIndexes"),
        14: .string("podReplacementPolicy"), 15: .string("managedBy"),
    ]
    static let serviceBackend: [Int: Field] = [1: .string("name"), 2: .message("port", [1: .string("name"), 2: .int("number")])]
    static let ingressBackend: [Int: Field] = [4: .message("service", serviceBackend)]

    static let kinds: [String: [Int: Field]] = [
        "Deployment": [1: meta, 2: .message("spec", [
            1: .int("replicas"), 2: .message("selector", labelSelector), 3: .message("template", podTemplate),
            4: .message("strategy", [1: .string("type"), 2: .message("rollingUpdate", [1: .intOrString("maxUnavailable"), 2: .intOrString("maxSurge")])]),
            5: .int("minReadySeconds"), 6: .int("revisionHistoryLimit"), 7: .bool("paused"), 9: .int("progressDeadlineSeconds"),
        ])],
        "Job": [1: meta, 2: .message("spec", jobSpec)],
        "CronJob": [1: meta, 2: .message("spec", [
            1: .string("schedule"), 2: .int("startingDeadlineSeconds"), 3: .string("concurrencyPolicy"), 4: .bool("suspend"),
            5: .message("jobTemplate", [1: meta, 2: .message("spec", jobSpec)]), 6: .int("successfulJobsHistoryLimit"),
            7: .int("failedJobsHistoryLimit"), 8: .string("timeZone"),
        ])],
        "Service": [1: meta, 2: .message("spec", [
            1: .repeatedMessage("ports", [1: .string("name"), 2: .string("protocol"), 3: .int("port"), 4: .intOrString("targetPort"), 5: .int("nodePort"), 6: .string("appProtocol")]),
            2: .stringMap("selector"), 3: .string("clusterIP"), 4: .string("type"), 5: .repeatedString("externalIPs"), 7: .string("sessionAffinity"),
            8: .string("loadBalancerIP"), 9: .repeatedString("loadBalancerSourceRanges"), 10: .string("externalName"),
            11: .string("externalTrafficPolicy"), 12: .int("healthCheckNodePort"), 13: .bool("publishNotReadyAddresses"),
            17: .string("ipFamilyPolicy"), 18: .repeatedString("clusterIPs"), 19: .repeatedString("ipFamilies"),
            20: .bool("allocateLoadBalancerNodePorts"), 21: .string("loadBalancerClass"), 22: .string("internalTrafficPolicy"),
        ])],
        "ResourceQuota": [1: meta, 2: .message("spec", [1: .quantityMap("hard"), 2: .repeatedString("scopes")])],
        "PriorityClass": [1: meta, 2: .int("value"), 3: .bool("globalDefault"), 4: .string("description"), 5: .string("preemptionPolicy")],
        "PodDisruptionBudget": [1: meta, 2: .message("spec", [
            1: .intOrString("minAvailable"), 2: .message("selector", labelSelector), 3: .intOrString("maxUnavailable"),
            4: .string("unhealthyPodEvictionPolicy"),
        ])],
        "Ingress": [1: meta, 2: .message("spec", [
            1: .message("defaultBackend", ingressBackend),
            2: .repeatedMessage("tls", [1: .repeatedString("hosts"), 2: .string("secretName")]),
            3: .repeatedMessage("rules", [
                1: .string("host"),
                2: .inline([1: .message("http", [1: .repeatedMessage("paths", [1: .string("path"), 2: .message("backend", ingressBackend), 3: .string("pathType")])])]),
            ]),
            4: .string("ingressClassName"),
        ])],
    ]
}
