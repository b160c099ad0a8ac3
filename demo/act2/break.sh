#!/usr/bin/env bash
# Act II, the incident: ensure the research sandbox runs, land the platform-hardening quota, and
# force the reschedule that hits it. Ends when the ReplicaSet reports `exceeded quota`.
#
#   demo/act2/break.sh [--kubeconfig FILE] [--context NAME] [--timeout 120]
#
# Works against any cluster kubectl reaches: KubeSim (`kars-sre sim up --kubeconfig-out FILE`) or a
# real cluster with the kars platform (the KarsSandbox CRD and its operator) installed.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
timeout=120
kubectl_args=()
while [ $# -gt 0 ]; do
    case "$1" in
        --kubeconfig) kubectl_args+=(--kubeconfig "$2"); shift 2 ;;
        --context) kubectl_args+=(--context "$2"); shift 2 ;;
        --timeout) timeout="$2"; shift 2 ;;
        -h|--help) sed -n '2,9p' "$0"; exit 0 ;;
        *) echo "break.sh: unknown argument $1 (see --help)" >&2; exit 2 ;;
    esac
done
k() { kubectl "${kubectl_args[@]}" "$@"; }
say() { printf '%s  %s\n' "$(date -u +%H:%M:%S)" "$*"; }

# Polls a command until it succeeds or the deadline passes.
wait_for() {
    local what="$1"; shift
    local deadline=$((SECONDS + timeout))
    until "$@" >/dev/null 2>&1; do
        if [ $SECONDS -ge $deadline ]; then
            echo "break.sh: timed out after ${timeout}s waiting for $what" >&2
            exit 1
        fi
        sleep 1
    done
    say "$what"
}

if ! k get crd karssandboxes.kars.azure.com >/dev/null 2>&1; then
    echo "break.sh: the KarsSandbox CRD is not installed: install the kars platform (KubeSim has it built in)" >&2
    exit 1
fi
k apply -f "$here/research.yaml" >/dev/null
say "KarsSandbox kars-system/research applied"
wait_for "namespace kars-research exists" k get namespace kars-research
wait_for "deployment kars-research/research exists" k get deployment research -n kars-research
k rollout status deployment/research -n kars-research --timeout "${timeout}s" >/dev/null
say "deployment kars-research/research available"

k apply -f "$here/platform-hardening-quota.yaml" >/dev/null
say "ResourceQuota kars-research/platform-hardening applied (requests.memory=50Mi)"
k delete pod -n kars-research -l app=research --wait=false >/dev/null
say "research pod deleted (forced reschedule)"

quota_refused() {
    k get events -n kars-research --field-selector reason=FailedCreate -o jsonpath='{range .items[*]}{.message}{"\n"}{end}' \
        | grep -q "exceeded quota: platform-hardening"
}
wait_for "FailedCreate: exceeded quota: platform-hardening  (the incident is live)" quota_refused
