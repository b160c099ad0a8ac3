#!/usr/bin/env bash
# Validates every manifest the project ships (deploy/, the overlay components, deploy/monitoring,
# demo/act2), three ways:
#   1. deploy/kars-sre.yaml is exactly `kubectl kustomize deploy/` (scripts/render-manifests.sh --check);
#   2. offline: kubernetes-validate (PyPI, pinned in .ci/run) against the Kubernetes $K8S_VERSION
#      JSON schemas, strict (unknown fields refused); kars.azure.com objects against the CRD schema
#      shipped here (KarsSREAction), or left to step 3 (KarsSandbox, whose CRD is the kars platform's);
#   3. online: `kubectl apply --server-side --dry-run=server` of each against KubeSim (`kars-sre sim up`),
#      then a real server-side apply of deploy/kars-sre.yaml, the demo files dry-run on top of it, and
#      demo/act2/break.sh and reset.sh run for real.
# Also: the approval guard's CEL allows and denies what it must (scripts/check-approval-guard.py),
# the Grafana dashboard is valid JSON and queries only series kars-sre exports, and
# `kars-sre run --check` accepts the Deployment's environment and mounted config (base and overlay).
#
#   scripts/check-manifests.sh [--bin .build/debug/kars-sre]
#
# Needs kubectl; the offline step is skipped with a warning when kubernetes-validate is missing.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=.build/debug/kars-sre
while [ $# -gt 0 ]; do
    case "$1" in
        --bin) bin="$2"; shift 2 ;;
        *) echo "usage: scripts/check-manifests.sh [--bin PATH]" >&2; exit 2 ;;
    esac
done
K8S_VERSION=${K8S_VERSION:-1.32.0}
passed=0
failed=0
ok() { passed=$((passed + 1)); echo "ok    $*"; }
fail() { failed=$((failed + 1)); echo "FAIL  $*"; }

if ! command -v kubectl >/dev/null; then
    echo "check-manifests: kubectl not found, manifest checks skipped"
    exit 0
fi

work=$(mktemp -d)
sim_pid=""
cleanup() {
    if [ -n "$sim_pid" ]; then kill "$sim_pid" 2>/dev/null || true; wait "$sim_pid" 2>/dev/null || true; fi
    rm -rf "$work"
}
trap cleanup EXIT

# 1. The rendered file is the Kustomize output.
if scripts/render-manifests.sh --check >"$work/render.log" 2>&1; then
    ok "deploy/kars-sre.yaml equals kubectl kustomize deploy/"
else
    cat "$work/render.log"; fail "deploy/kars-sre.yaml differs from kubectl kustomize deploy/ (run scripts/render-manifests.sh)"
fi

# An overlay using every component, as docs/operations.md shows, with the example env files.
cp -r deploy "$work/deploy"
for example in $(find "$work/deploy/overlays" -name '*.env.example'); do cp "$example" "${example%.example}"; done
mkdir -p "$work/overlay"
cat >"$work/overlay/kustomization.yaml" <<'YAML'
apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
resources: [../deploy]
components: [../deploy/overlays/telegram, ../deploy/overlays/slack, ../deploy/overlays/llm]
images:
  - {name: kars-sre, newName: registry.example.com/platform/kars-sre, newTag: 0.1.0}
patches:
  - target: {kind: NetworkPolicy, name: kars-sre-egress-apiserver}
    patch: |-
      - op: replace
        path: /spec/egress/0/to/0/ipBlock/cidr
        value: 10.0.0.1/32
YAML
if kubectl kustomize "$work/overlay" >"$work/overlay.yaml" 2>"$work/overlay.log"; then
    ok "overlay with the telegram, slack and llm components renders"
else
    cat "$work/overlay.log"; fail "overlay with the telegram, slack and llm components does not render"
fi

manifests=(deploy/kars-sre.yaml "$work/overlay.yaml" demo/act2/research.yaml demo/act2/platform-hardening-quota.yaml
    demo/act2/expected-action.yaml)

# 2. Offline schema validation.
if python3 -c "import kubernetes_validate" 2>/dev/null; then
    for file in "${manifests[@]}"; do
        name=${file#"$work/"}
        if python3 -m kubernetes_validate -k "$K8S_VERSION" --strict --quiet "$file" >"$work/validate.log" 2>&1 \
            && ! grep -q "^ERROR" "$work/validate.log"; then
            ok "$name: valid for Kubernetes $K8S_VERSION (strict)"
        else
            cat "$work/validate.log"; fail "$name: schema errors for Kubernetes $K8S_VERSION"
        fi
    done
    if python3 - "$work" "${manifests[@]}" <<'PY'
import json, sys, yaml, jsonschema
work, files = sys.argv[1], sys.argv[2:]
docs = [(f, d) for f in files for d in yaml.safe_load_all(open(f)) if isinstance(d, dict)]
crds = {}
for _, d in docs:
    if d.get("kind") == "CustomResourceDefinition":
        spec = d["spec"]
        for v in spec["versions"]:
            crds[(spec["group"] + "/" + v["name"], spec["names"]["kind"])] = v["schema"]["openAPIV3Schema"]
bad = 0
for f, d in docs:
    api, kind = d.get("apiVersion", ""), d.get("kind", "")
    if not api.startswith("kars.azure.com/"):
        continue
    where = f.replace(work + "/", "") + ": " + kind + "/" + d.get("metadata", {}).get("name", "?")
    schema = crds.get((api, kind))
    if schema is None:
        print(f"skip  {where}: its CRD is not shipped here (the kars platform's); checked by the server dry run")
        continue
    errors = sorted(jsonschema.Draft7Validator(schema).iter_errors(d), key=lambda e: list(e.path))
    for e in errors:
        print(f"FAIL  {where}: {'.'.join(map(str, e.path))}: {e.message}")
    bad += bool(errors)
    if not errors:
        print(f"ok    {where}: valid against the CRD's openAPIV3Schema")
sys.exit(1 if bad else 0)
PY
    then ok "kars.azure.com objects valid against the shipped CRD schemas"
    else fail "kars.azure.com objects do not match the shipped CRD schemas"; fi
else
    echo "warning: kubernetes-validate is not installed (python3 -m pip install kubernetes-validate); offline schema check skipped"
fi

# The dashboard: JSON, every query on a kars-sre series that the code registers.
if python3 - <<'PY'
import json, re, sys, pathlib
dash = json.load(open("deploy/monitoring/kars-sre-dashboard.json"))
code = "\n".join(p.read_text() for p in pathlib.Path("Sources").rglob("*.swift"))
known = {"kars_sre_" + m for m in re.findall(r'namespace: "kars_sre", metricName: "([a-z_]+)"', code)}
units = dict(re.findall(r'metricName: "([a-z_]+)", unitName: "([a-z]*)"', code))
known = {n + ("_" + units[n[9:]] if units.get(n[9:]) else "") for n in known}
known |= set(re.findall(r'"(kars_sre_[a-z_]+)"', code))  # names given whole (swift-metrics labels)
series = set()
for panel in dash["panels"]:
    for target in panel["targets"]:
        series |= {re.sub(r"_(bucket|sum|count)$", "", s) for s in re.findall(r"kars_sre_[a-z_]+", target["expr"])}
unknown = sorted(series - known)
if unknown or not series:
    print("dashboard queries unknown series:", unknown, "known:", sorted(known)); sys.exit(1)
print("dashboard series:", ", ".join(sorted(series)))
PY
then ok "Grafana dashboard is JSON and queries only exported series"
else fail "Grafana dashboard"; fi

# The approval guard's CEL on the requests it must allow and deny (KubeSim does not enforce policies).
if python3 -c "import celpy" 2>/dev/null; then
    if python3 scripts/check-approval-guard.py >"$work/guard.log" 2>&1; then
        ok "ValidatingAdmissionPolicy kars-sre-approval-guard: $(tail -1 "$work/guard.log")"
    else
        cat "$work/guard.log"; fail "ValidatingAdmissionPolicy kars-sre-approval-guard"
    fi
else
    echo "warning: cel-python is not installed (python3 -m pip install cel-python); approval guard CEL check skipped"
fi

# The container's view: `kars-sre run --check` with the environment and mounted files of the
# Deployment as rendered (base, and the overlay with every component).
if [ -x "$bin" ]; then
    for file in deploy/kars-sre.yaml "$work/overlay.yaml"; do
        name=${file#"$work/"}
        root="$work/pod-$(basename "$file" .yaml)"
        if python3 scripts/check-manifests-podenv.py "$file" "$root" >"$work/pod.json" \
            && python3 - "$bin" "$work/pod.json" >"$work/check.log" 2>&1 <<'PY'
import json, subprocess, sys
pod = json.load(open(sys.argv[2]))
env = dict(pod["env"], PATH="/usr/bin:/bin")
result = subprocess.run([sys.argv[1], *pod["args"], "--check"], env=env, capture_output=True, text=True, timeout=120)
print(result.stdout, result.stderr)
sys.exit(result.returncode)
PY
        then
            ok "$name: \`kars-sre run --check\` accepts the container's configuration"
        else
            cat "$work/check.log"; fail "$name: \`kars-sre run --check\` refuses the container's configuration"
        fi
    done
fi

# 3. Server-side dry runs against KubeSim.
if [ ! -x "$bin" ]; then
    echo "warning: $bin not built; server dry runs skipped"
else
    "$bin" sim up --port 0 --kubeconfig-out "$work/kubeconfig" >"$work/sim.log" 2>&1 &
    sim_pid=$!
    for _ in $(seq 1 240); do
        [ -s "$work/kubeconfig" ] && KUBECONFIG="$work/kubeconfig" kubectl get --raw /readyz >/dev/null 2>&1 && break
        sleep 0.5
    done
    export KUBECONFIG="$work/kubeconfig"
    dry_run() {
        local name=${1#"$work/"}
        if kubectl apply --server-side --field-manager kars-sre --dry-run=server -f "$1" >"$work/apply.log" 2>&1; then
            ok "$name: accepted by the API server (server-side dry run, $(grep -c 'serverside-applied\|created\|configured' "$work/apply.log") objects)"
        else
            cat "$work/apply.log"; fail "$name: refused by the API server (server-side dry run)"
        fi
    }
    dry_run deploy/kars-sre.yaml
    dry_run "$work/overlay.yaml"
    if kubectl apply --server-side --field-manager kars-sre -f deploy/kars-sre.yaml >"$work/apply.log" 2>&1 \
        && kubectl wait --for condition=Established crd/karssreactions.kars.azure.com --timeout 60s >/dev/null 2>&1; then
        ok "deploy/kars-sre.yaml installs (server-side apply) and the KarsSREAction CRD is established"
    else
        cat "$work/apply.log"; fail "deploy/kars-sre.yaml does not install"
    fi
    kubectl create namespace kars-research --dry-run=client -o yaml | kubectl apply -f - >/dev/null 2>&1 || true
    # Least privilege as installed: what each ServiceAccount may and may not do (docs/security.md).
    sa=system:serviceaccount:kars-sre
    rbac_bad=0
    while IFS='|' read -r who expected query; do
        # shellcheck disable=SC2086
        got=$(kubectl auth can-i $query --as "$sa:$who" 2>/dev/null || true)
        if [ "$got" != "$expected" ]; then
            echo "      $who: can-i $query: expected $expected, got ${got:-error}"
            rbac_bad=$((rbac_bad + 1))
        fi
    done <<'CASES'
kars-sre|yes|create karssreactions.kars.azure.com -n kars-sre
kars-sre|yes|patch karssreactions.kars.azure.com -n kars-sre
kars-sre|no|create karssreactions.kars.azure.com -n default
kars-sre|yes|patch karssreactions.kars.azure.com/status -n kars-sre
kars-sre|yes|list pods -A
kars-sre|yes|get pods/log -n kars-research
kars-sre|no|get secrets -A
kars-sre|no|list configmaps -A
kars-sre|yes|watch configmaps/kars-sre-control -n kars-sre
kars-sre|no|get configmaps/other -n kars-sre
kars-sre|yes|update leases.coordination.k8s.io/kars-sre-controller -n kars-sre
kars-sre|no|update leases.coordination.k8s.io/other -n kars-sre
kars-sre|yes|create serviceaccounts/sre-writer --subresource token -n kars-sre
kars-sre|no|create serviceaccounts/kars-sre-agent --subresource token -n kars-sre
kars-sre|yes|create roles.rbac.authorization.k8s.io -n kars-research
kars-sre|no|delete resourcequotas -n kars-research
kars-sre|no|patch deployments.apps -n kars-research
kars-sre|yes|create tokenreviews.authentication.k8s.io
kars-sre|yes|create subjectaccessreviews.authorization.k8s.io
kars-sre-agent|yes|create karssreactions.kars.azure.com -n kars-sre
kars-sre-agent|no|patch karssreactions.kars.azure.com -n kars-sre
kars-sre-agent|no|update karssreactions.kars.azure.com -n kars-sre
kars-sre-agent|yes|list pods -A
kars-sre-agent|no|get secrets -A
sre-writer|no|delete resourcequotas -n kars-research
sre-writer|no|list pods -A
CASES
    if [ "$rbac_bad" -eq 0 ]; then
        ok "installed RBAC: kars-sre, kars-sre-agent and sre-writer may do exactly what docs/security.md says (26 checks)"
    else
        fail "installed RBAC differs from docs/security.md in $rbac_bad checks"
    fi
    for file in demo/act2/research.yaml demo/act2/platform-hardening-quota.yaml demo/act2/expected-action.yaml; do
        dry_run "$file"
    done
    # The presenter's scripts, for real: the incident lands, then is put back.
    if demo/act2/break.sh --timeout 120 >"$work/break.log" 2>&1; then
        ok "demo/act2/break.sh stages the quota incident on KubeSim"
    else
        cat "$work/break.log"; fail "demo/act2/break.sh"
    fi
    if demo/act2/reset.sh --timeout 120 >"$work/reset.log" 2>&1 \
        && ! kubectl get resourcequota platform-hardening -n kars-research >/dev/null 2>&1; then
        ok "demo/act2/reset.sh removes the quota and the sandbox is available again"
    else
        cat "$work/reset.log"; fail "demo/act2/reset.sh"
    fi
fi

echo "manifests: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
