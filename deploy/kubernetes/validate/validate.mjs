// Offline checks of one rendered overlay (`kubectl kustomize <overlay>` output):
//   1. every object validates against the Kubernetes API schemas (kubernetes-models);
//   2. what Orleans' Kubernetes hosting reads is present and consistent (downward-API variables,
//      orleans/* pod labels equal to the configured ServiceId/ClusterId, RBAC verbs);
//   3. references resolve: selectors match pod labels, probes and annotations name real container
//      ports, ports match the configuration, Secrets/ConfigMaps/PVCs/ServiceAccounts exist;
//   4. the blob backend: a shared claim for the local store, the S3 backend's settings from a Secret.
// Usage: node validate.mjs rendered.yaml [--external-secret NAME ...]
// Prints one line per failed check and exits 1 if any failed.
import fs from "node:fs";
import * as yaml from "js-yaml";

const [file, ...rest] = process.argv.slice(2);
const externalSecrets = new Set(rest.filter((_, i) => rest[i - 1] === "--external-secret"));
const docs = yaml.loadAll(fs.readFileSync(file, "utf8")).filter(Boolean);
const failures = [];
const fail = (what) => failures.push(what);
const byKind = (kind) => docs.filter((d) => d.kind === kind);
const named = (kind, name) => byKind(kind).find((d) => d.metadata.name === name);
const id = (d) => `${d.kind}/${d.metadata.name}`;

// 1. API schemas.
for (const d of docs) {
  const [group, version] = d.apiVersion.includes("/") ? d.apiVersion.split("/") : ["", d.apiVersion];
  const mod = await import(group ? `kubernetes-models/${group}/${version}` : `kubernetes-models/${version}`).catch(() => null);
  const Model = mod?.[d.kind];
  if (!Model) { fail(`${id(d)}: no schema for ${d.apiVersion} ${d.kind}`); continue; }
  // kustomize folds long base64 values over lines; the API server ignores the line breaks.
  const copy = structuredClone(d);
  if (copy.kind === "Secret" && copy.data) for (const k of Object.keys(copy.data)) copy.data[k] = String(copy.data[k]).replace(/\s+/g, "");
  try { new Model(copy).validate(); } catch (e) { fail(`${id(d)}: schema: ${e.message.split("\n")[0]}`); }
}

const matches = (selector, labels) => Object.entries(selector ?? {}).every(([k, v]) => labels?.[k] === v);
const workloads = [...byKind("Deployment"), ...byKind("StatefulSet")];
const config = Object.assign({}, ...byKind("ConfigMap").map((c) => c.data ?? {}));

// 4. Where part bytes live (Storage:Blobs:Provider), for every silo and standalone gateway: each writes
//    and reads them. Local: the blob directory is on a PersistentVolumeClaim shared by every pod. S3: no
//    shared volume; the bucket is set, and the backend's secret key and the at-rest encryption key come
//    from a Secret, never from a literal value or the ConfigMap.
const blobSecrets = ["Storage__Blobs__S3__SecretKey", "Storage__Blobs__S3__EncryptionKey"];
function checkBlobBackend(w, c, env) {
  const pod = w.spec.template;
  const setting = (name) => env.get(name) ?? (name in config ? { value: config[name] } : undefined);
  const provider = (setting("Storage__Blobs__Provider")?.value ?? "Local").toLowerCase();
  const claims = (pod.spec.volumes ?? []).filter((v) => v.persistentVolumeClaim);
  if (provider === "s3") {
    for (const v of claims) if (byKind("PersistentVolumeClaim").find((p) => p.metadata.name === v.persistentVolumeClaim.claimName)?.spec.accessModes.includes("ReadWriteMany")) fail(`${id(w)}: Storage__Blobs__Provider is S3, yet it mounts the ReadWriteMany claim ${v.persistentVolumeClaim.claimName}`);
    if (!setting("Storage__Blobs__S3__Bucket")) fail(`${id(w)}/${c.name}: Storage__Blobs__Provider is S3 without Storage__Blobs__S3__Bucket`);
    for (const name of [...blobSecrets, "Storage__Blobs__S3__AccessKey"]) {
      const e = setting(name);
      if (e && !e.valueFrom?.secretKeyRef && (blobSecrets.includes(name) || e.value !== undefined && name in config)) fail(`${id(w)}/${c.name}: ${name} must come from a Secret (secretKeyRef), not a literal value`);
    }
    if (!setting("Storage__Blobs__S3__EncryptionKey")) fail(`${id(w)}/${c.name}: Storage__Blobs__Provider is S3 without Storage__Blobs__S3__EncryptionKey (from a Secret)`);
    if (!setting("Storage__Blobs__S3__AccessKey") !== !setting("Storage__Blobs__S3__SecretKey")) fail(`${id(w)}/${c.name}: Storage__Blobs__S3__AccessKey and SecretKey are set together or not at all`);
  } else if (provider === "local") {
    const blobPath = setting("Storage__BlobPath")?.value ?? `${setting("Storage__DataPath")?.value ?? "data"}/blobs`;
    const mount = (c.volumeMounts ?? []).filter((m) => blobPath === m.mountPath || blobPath.startsWith(m.mountPath.replace(/\/?$/, "/"))).sort((a, b) => b.mountPath.length - a.mountPath.length)[0];
    const volume = mount && (pod.spec.volumes ?? []).find((v) => v.name === mount.name);
    if (!volume?.persistentVolumeClaim) fail(`${id(w)}/${c.name}: the blob directory Storage__BlobPath ${blobPath} is not on a shared PersistentVolumeClaim`);
  } else fail(`${id(w)}/${c.name}: Storage__Blobs__Provider must be Local or S3, not ${provider}`);
}
for (const name of blobSecrets) if (byKind("ConfigMap").some((m) => name in (m.data ?? {}))) fail(`ConfigMap: ${name} is a secret; it belongs in a Secret`);
if ((config.Storage__Blobs__Provider ?? "").toLowerCase() === "s3" && named("PersistentVolumeClaim", "multipart-blobs")) fail("PersistentVolumeClaim/multipart-blobs: an unused ReadWriteMany claim beside the S3 blob backend");

// 3. Workload references.
for (const w of workloads) {
  const pod = w.spec.template;
  if (!matches(w.spec.selector.matchLabels, pod.metadata.labels)) fail(`${id(w)}: selector does not match its pod labels`);
  const sa = pod.spec.serviceAccountName;
  if (sa && !named("ServiceAccount", sa)) fail(`${id(w)}: ServiceAccount ${sa} missing`);
  for (const v of pod.spec.volumes ?? []) {
    if (v.persistentVolumeClaim && !named("PersistentVolumeClaim", v.persistentVolumeClaim.claimName)) fail(`${id(w)}: PVC ${v.persistentVolumeClaim.claimName} missing`);
    if (v.secret && !named("Secret", v.secret.secretName) && !externalSecrets.has(v.secret.secretName)) fail(`${id(w)}: Secret ${v.secret.secretName} missing`);
  }
  for (const c of pod.spec.containers) {
    const ports = new Map((c.ports ?? []).map((p) => [p.name, p.containerPort]));
    const portOk = (p) => (typeof p === "number" ? [...ports.values()].includes(p) : ports.has(p));
    for (const probe of ["startupProbe", "readinessProbe", "livenessProbe"]) {
      const get = c[probe]?.httpGet;
      if (get && !portOk(get.port)) fail(`${id(w)}/${c.name}: ${probe} port ${get.port} is not a container port`);
      if (get && !["/healthz", "/readyz"].includes(get.path)) fail(`${id(w)}/${c.name}: ${probe} path ${get.path} is not a served endpoint`);
    }
    const volumeNames = [...(pod.spec.volumes ?? []), ...(w.spec.volumeClaimTemplates ?? []).map((t) => t.metadata)].map((v) => v.name);
    for (const m of c.volumeMounts ?? []) if (!volumeNames.includes(m.name)) fail(`${id(w)}/${c.name}: mount ${m.name} has no volume`);
    for (const from of c.envFrom ?? []) if (from.configMapRef && !named("ConfigMap", from.configMapRef.name)) fail(`${id(w)}/${c.name}: ConfigMap ${from.configMapRef.name} missing`);
    const env = new Map((c.env ?? []).map((e) => [e.name, e]));
    for (const e of env.values()) {
      const ref = e.valueFrom?.secretKeyRef;
      if (!ref || externalSecrets.has(ref.name)) continue;
      const secret = named("Secret", ref.name);
      if (!secret) fail(`${id(w)}/${c.name}: ${e.name} names Secret ${ref.name}, which is missing`);
      else if (!(ref.key in (secret.data ?? {})) && !(ref.key in (secret.stringData ?? {}))) fail(`${id(w)}/${c.name}: Secret ${ref.name} has no key ${ref.key}`);
    }
    const annotations = pod.metadata.annotations ?? {};
    if (annotations["prometheus.io/scrape"] === "true" && !portOk(Number(annotations["prometheus.io/port"]))) fail(`${id(w)}: prometheus.io/port is not a container port`);

    const isOrleans = (c.args ?? []).some((a) => /Orleans\.Multipart\.(Silo|GatewayHost)\.dll$/.test(a));
    if (!isOrleans) continue;
    checkBlobBackend(w, c, env);
    const urlPorts = (env.get("ASPNETCORE_URLS")?.value ?? "").split(";").filter(Boolean).map((u) => Number(u.split(":").pop()));
    if (!urlPorts.includes(ports.get("http"))) fail(`${id(w)}/${c.name}: http port ${ports.get("http")} is not in ASPNETCORE_URLS (${urlPorts})`);
    for (const p of urlPorts) if (![...ports.values()].includes(p)) fail(`${id(w)}/${c.name}: ASPNETCORE_URLS port ${p} is not a container port`);
    if (annotations["prometheus.io/scrape"] === "true" && annotations["prometheus.io/path"] !== (config.Telemetry__PrometheusPath ?? "/-/metrics")) fail(`${id(w)}: prometheus.io/path is not the scrape endpoint Telemetry:PrometheusPath`);
    if (!byKind("PodDisruptionBudget").some((b) => matches(b.spec.selector.matchLabels, pod.metadata.labels))) fail(`${id(w)}: no PodDisruptionBudget covers it`);
    if (!byKind("HorizontalPodAutoscaler").some((h) => h.spec.scaleTargetRef.name === w.metadata.name && h.spec.metrics.some((m) => m.resource?.name === "cpu"))) fail(`${id(w)}: no HorizontalPodAutoscaler on CPU`);
    if (pod.spec.securityContext?.runAsNonRoot !== true) fail(`${id(w)}: must run as non-root`);
    if (c.securityContext?.readOnlyRootFilesystem !== true) fail(`${id(w)}/${c.name}: root filesystem must be read-only`);
    const preStop = c.lifecycle?.preStop?.sleep?.seconds ?? 0;
    if ((pod.spec.terminationGracePeriodSeconds ?? 30) <= preStop + 60) fail(`${id(w)}: terminationGracePeriodSeconds must exceed preStop + the 60 s drain`);

    // The standalone gateway never calls the Kubernetes API: no token in its pods.
    if (c.args.some((a) => a.endsWith("GatewayHost.dll")) && pod.spec.automountServiceAccountToken !== false) fail(`${id(w)}: the gateway needs no API token (automountServiceAccountToken: false)`);

    // 2. The silo: what UseKubernetesHosting reads.
    if (!c.args.some((a) => a.endsWith("Silo.dll"))) continue;
    // The dashboard: on its own port, served by the silo (Dashboard__Port), credential from the Secret.
    if (config.Dashboard__Port) {
      if (ports.get("dashboard") !== Number(config.Dashboard__Port)) fail(`${id(w)}: container port "dashboard" ${ports.get("dashboard")} != Dashboard__Port ${config.Dashboard__Port}`);
      if (!urlPorts.includes(Number(config.Dashboard__Port))) fail(`${id(w)}: Dashboard__Port ${config.Dashboard__Port} is not in ASPNETCORE_URLS`);
      if (!env.get("Dashboard__Password")?.valueFrom?.secretKeyRef) fail(`${id(w)}: Dashboard__Password must come from a Secret`);
    }
    if (config.Orleans__Kubernetes__Enabled === "false") continue;
    if (!sa) fail(`${id(w)}: the silo needs its own ServiceAccount (the Role is bound to it)`);
    if (pod.spec.automountServiceAccountToken === false) fail(`${id(w)}: Orleans' Kubernetes hosting needs the service-account token (automountServiceAccountToken must not be false)`);
    if (ports.get("silo") !== Number(config.Orleans__SiloPort)) fail(`${id(w)}: silo port ${ports.get("silo")} != Orleans__SiloPort ${config.Orleans__SiloPort}`);
    if (ports.get("orleans-gw") !== Number(config.Orleans__GatewayPort)) fail(`${id(w)}: orleans-gw port != Orleans__GatewayPort`);
    const fieldRef = (name) => env.get(name)?.valueFrom?.fieldRef?.fieldPath;
    for (const [name, path] of [["POD_NAME", "metadata.name"], ["POD_NAMESPACE", "metadata.namespace"], ["POD_IP", "status.podIP"]]) {
      if (fieldRef(name) !== path) fail(`${id(w)}: ${name} must come from the downward API ${path}`);
    }
    const labels = pod.metadata.labels ?? {};
    for (const [name, label, key] of [["ORLEANS_SERVICE_ID", "orleans/serviceId", "Orleans__ServiceId"], ["ORLEANS_CLUSTER_ID", "orleans/clusterId", "Orleans__ClusterId"]]) {
      if (fieldRef(name) !== `metadata.labels['${label}']`) fail(`${id(w)}: ${name} must come from the pod label ${label}`);
      if (labels[label] !== config[key]) fail(`${id(w)}: pod label ${label}=${labels[label]} differs from ${key}=${config[key]}`);
    }
    const binding = byKind("RoleBinding").find((b) => b.subjects?.some((s) => s.kind === "ServiceAccount" && s.name === sa));
    const role = binding && named("Role", binding.roleRef.name);
    if (!role) fail(`${id(w)}: no Role bound to ServiceAccount ${sa}`);
    else {
      const verbs = role.rules.filter((r) => r.resources.includes("pods")).flatMap((r) => r.verbs).sort().join(",");
      const want = config.Orleans__Kubernetes__DeleteDefunctSiloPods === "true" ? "delete,get,list,patch,watch" : "get,list,patch,watch";
      if (verbs !== want) fail(`Role/${role.metadata.name}: pods verbs ${verbs}, want exactly ${want}`);
      if (role.rules.some((r) => !r.resources.every((x) => x === "pods") || r.apiGroups.join() !== "" || r.resourceNames)) fail(`Role/${role.metadata.name}: grants more than the core API's pods`);
    }
  }
}

// Pods of one namespace are all the hosting watches: nothing cluster-wide.
for (const k of ["ClusterRole", "ClusterRoleBinding"]) for (const o of byKind(k)) fail(`${id(o)}: the silos need only a namespaced Role`);

const podsMatching = (selector) => workloads.filter((w) => matches(selector, w.spec.template.metadata.labels));
for (const s of byKind("Service")) {
  const targets = podsMatching(s.spec.selector);
  if (targets.length === 0) fail(`${id(s)}: selects no pods`);
  for (const p of s.spec.ports) {
    if (typeof p.targetPort === "string" && !targets.every((w) => w.spec.template.spec.containers.some((c) => (c.ports ?? []).some((cp) => cp.name === p.targetPort)))) fail(`${id(s)}: targetPort ${p.targetPort} not on every selected pod`);
  }
}
for (const k of ["PodDisruptionBudget", "NetworkPolicy"]) {
  for (const o of byKind(k)) {
    const selector = k === "PodDisruptionBudget" ? o.spec.selector.matchLabels : o.spec.podSelector.matchLabels;
    if (podsMatching(selector).length === 0) fail(`${id(o)}: selects no pods`);
  }
}
for (const h of byKind("HorizontalPodAutoscaler")) if (!named(h.spec.scaleTargetRef.kind, h.spec.scaleTargetRef.name)) fail(`${id(h)}: target missing`);
for (const p of byKind("PersistentVolumeClaim")) if (p.metadata.name === "multipart-blobs" && !p.spec.accessModes.includes("ReadWriteMany")) fail(`${id(p)}: the shared blob volume must be ReadWriteMany`);
// The dashboard is for operators: never behind the public Ingress, admitted by no NetworkPolicy rule.
const dashboardPort = (p) => p === "dashboard" || (config.Dashboard__Port && Number(p) === Number(config.Dashboard__Port));
for (const n of byKind("NetworkPolicy")) for (const rule of n.spec.ingress ?? []) for (const p of rule.ports ?? []) if (dashboardPort(p.port)) fail(`${id(n)}: admits traffic to the dashboard port`);
for (const i of byKind("Ingress")) {
  for (const r of i.spec.rules) for (const path of r.http.paths) {
    const svc = named("Service", path.backend.service.name);
    if (svc?.spec.ports.some((p) => dashboardPort(p.targetPort))) fail(`${id(i)}: routes to ${id(svc)}, which exposes the dashboard port`);
    if (!svc) fail(`${id(i)}: backend Service ${path.backend.service.name} missing`);
    else if (!svc.spec.ports.some((p) => p.name === path.backend.service.port.name || p.port === path.backend.service.port.number)) fail(`${id(i)}: backend port not on the Service`);
  }
}

console.log(`${file}: ${docs.length} objects, ${failures.length} failed checks`);
for (const f of failures) console.log(`  FAIL ${f}`);
process.exit(failures.length ? 1 : 0);
