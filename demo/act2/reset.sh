#!/usr/bin/env bash
# Puts Act II back: removes the platform-hardening quota if it is still there (kars-sre may already
# have deleted it), nudges the research ReplicaSets so they retry at once instead of after their
# backoff, and waits for the sandbox to be available. --all also deletes the sandbox and the
# KarsSREActions of the incident, for a clean Act I.
#
#   demo/act2/reset.sh [--kubeconfig FILE] [--context NAME] [--timeout 120] [--all]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
timeout=120
all=false
kubectl_args=()
while [ $# -gt 0 ]; do
    case "$1" in
        --kubeconfig) kubectl_args+=(--kubeconfig "$2"); shift 2 ;;
        --context) kubectl_args+=(--context "$2"); shift 2 ;;
        --timeout) timeout="$2"; shift 2 ;;
        --all) all=true; shift ;;
        -h|--help) sed -n '2,7p' "$0"; exit 0 ;;
        *) echo "reset.sh: unknown argument $1 (see --help)" >&2; exit 2 ;;
    esac
done
k() { kubectl "${kubectl_args[@]}" "$@"; }
say() { printf '%s  %s\n' "$(date -u +%H:%M:%S)" "$*"; }

k delete -f "$here/platform-hardening-quota.yaml" --ignore-not-found >/dev/null
say "ResourceQuota kars-research/platform-hardening removed"

if k get crd karssreactions.kars.azure.com >/dev/null 2>&1; then
    k delete karssreactions -n kars-sre -l kars.azure.com/target-namespace=kars-research --ignore-not-found >/dev/null 2>&1 || true
fi

if $all; then
    k delete -f "$here/research.yaml" --ignore-not-found >/dev/null
    say "KarsSandbox kars-system/research deleted"
    exit 0
fi

if k get deployment research -n kars-research >/dev/null 2>&1; then
    stamp=$(date -u +%Y-%m-%dT%H:%M:%SZ)
    for rs in $(k get replicasets -n kars-research -l app=research -o name); do
        k annotate -n kars-research "$rs" --overwrite "kars.azure.com/nudged-at=$stamp" >/dev/null
    done
    say "research ReplicaSets nudged"
    k rollout status deployment/research -n kars-research --timeout "${timeout}s" >/dev/null
    say "deployment kars-research/research available"
fi
