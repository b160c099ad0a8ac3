#!/usr/bin/env python3
"""The environment and files the kars-sre container of a rendered manifest would see, as JSON:
args, env (Secret and ConfigMap references resolved, mount paths moved under ROOT) and the mounted
ConfigMap and Secret files written under ROOT. scripts/check-manifests.sh runs `kars-sre run --check`
with them, so the manifests and the settings `run` accepts cannot drift apart.

usage: check-manifests-podenv.py MANIFEST ROOT
"""
import base64, json, os, sys, yaml
manifest, root = sys.argv[1], sys.argv[2]
docs = [d for d in yaml.safe_load_all(open(manifest)) if isinstance(d, dict)]
def find(kind, name):
    for d in docs:
        if d["kind"] == kind and d["metadata"]["name"] == name:
            return d
    sys.exit(f"{manifest}: the Deployment refers to {kind} {name}, which the manifest does not contain")
def data(kind, name):
    d = find(kind, name)
    if kind == "Secret":
        out = {k: base64.b64decode(v).decode() for k, v in (d.get("data") or {}).items()}
        out.update(d.get("stringData") or {})
        return out
    return dict(d.get("data") or {})
dep = find("Deployment", "kars-sre")
spec = dep["spec"]["template"]["spec"]
container = next(c for c in spec["containers"] if c["name"] == "kars-sre")
volumes = {v["name"]: v for v in spec.get("volumes", [])}
mounts = {}
for m in container.get("volumeMounts", []):
    path = root + m["mountPath"]
    os.makedirs(path, exist_ok=True)
    mounts[m["mountPath"]] = path
    v = volumes[m["name"]]
    for kind, key in (("ConfigMap", "configMap"), ("Secret", "secret")):
        if key in v:
            name = v[key].get("name") or v[key].get("secretName")
            content = data(kind, name)
            items = v[key].get("items") or [{"key": k, "path": k} for k in content]
            for item in items:
                with open(os.path.join(path, item["path"]), "w") as f:
                    f.write(content[item["key"]])
def rewrite(value):
    for mount, path in sorted(mounts.items(), key=lambda kv: -len(kv[0])):
        if value.startswith(mount + "/"):
            return path + value[len(mount):]
    return value
env = {}
for source in container.get("envFrom", []):
    if "configMapRef" in source: env.update(data("ConfigMap", source["configMapRef"]["name"]))
    if "secretRef" in source: env.update(data("Secret", source["secretRef"]["name"]))
for e in container.get("env", []):
    if "value" in e:
        env[e["name"]] = rewrite(e["value"])
    elif "secretKeyRef" in e.get("valueFrom", {}):
        ref = e["valueFrom"]["secretKeyRef"]; env[e["name"]] = data("Secret", ref["name"])[ref["key"]]
    elif "configMapKeyRef" in e.get("valueFrom", {}):
        ref = e["valueFrom"]["configMapKeyRef"]; env[e["name"]] = data("ConfigMap", ref["name"])[ref["key"]]
    elif "fieldRef" in e.get("valueFrom", {}):
        env[e["name"]] = "kars-sre-0"
print(json.dumps({"args": container.get("args", []), "env": env}))
