#!/usr/bin/env bash
# Renders the Kustomize base deploy/ into deploy/kars-sre.yaml, the single file plain kubectl users
# apply (`kubectl apply --server-side -f deploy/kars-sre.yaml`) and `kars-sre install` applies.
#
#   scripts/render-manifests.sh           rewrite deploy/kars-sre.yaml
#   scripts/render-manifests.sh --check   exit 1, with the diff, when it differs from `kubectl kustomize deploy/`
#
# Needs kubectl (Kustomize is built in) or a standalone kustomize.
set -euo pipefail
cd "$(dirname "$0")/.."

render() {
    if command -v kubectl >/dev/null; then
        kubectl kustomize deploy/
    elif command -v kustomize >/dev/null; then
        kustomize build deploy/
    else
        echo "render-manifests: neither kubectl nor kustomize is installed; install kubectl 1.32+" >&2
        exit 2
    fi
}

target=deploy/kars-sre.yaml
case "${1:-}" in
    --check)
        rendered=$(mktemp)
        trap 'rm -f "$rendered"' EXIT
        render >"$rendered"
        if ! diff -u "$target" "$rendered" >&2; then
            echo "render-manifests: $target is not the output of \`kubectl kustomize deploy/\`;" \
                "run scripts/render-manifests.sh and commit the result" >&2
            exit 1
        fi
        echo "render-manifests: $target matches \`kubectl kustomize deploy/\`"
        ;;
    "")
        render >"$target.tmp"
        mv "$target.tmp" "$target"
        echo "render-manifests: wrote $target ($(grep -c '^kind:' "$target") objects)"
        ;;
    *)
        echo "usage: scripts/render-manifests.sh [--check]" >&2
        exit 2
        ;;
esac
