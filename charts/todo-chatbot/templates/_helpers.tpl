{{/*
Names. fullname is "<release>-<chart>" unless the release name already contains the chart name;
every object is "<fullname>-<component>" so several releases can share a namespace.
*/}}
{{- define "todo-chatbot.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "todo-chatbot.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 52 | trimSuffix "-" -}}
{{- else -}}
{{- $name := default .Chart.Name .Values.nameOverride -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 52 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 52 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{- define "todo-chatbot.api.fullname" -}}{{ include "todo-chatbot.fullname" . }}-api{{- end -}}
{{- define "todo-chatbot.web.fullname" -}}{{ include "todo-chatbot.fullname" . }}-web{{- end -}}
{{- define "todo-chatbot.db.fullname" -}}{{ include "todo-chatbot.fullname" . }}-postgresql{{- end -}}

{{- define "todo-chatbot.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* Labels on every object. Call with (dict "ctx" $ "component" "api"). */}}
{{- define "todo-chatbot.labels" -}}
helm.sh/chart: {{ include "todo-chatbot.chart" .ctx }}
{{ include "todo-chatbot.selectorLabels" . }}
app.kubernetes.io/version: {{ .ctx.Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .ctx.Release.Service }}
app.kubernetes.io/part-of: todo-chatbot
{{- with .ctx.Values.commonLabels }}
{{ toYaml . }}
{{- end }}
{{- end -}}

{{/* The stable subset used in selectors (never add a label that changes between releases). */}}
{{- define "todo-chatbot.selectorLabels" -}}
app.kubernetes.io/name: {{ include "todo-chatbot.name" .ctx }}
app.kubernetes.io/instance: {{ .ctx.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end -}}

{{/*
Image reference. Call with (dict "ctx" $ "image" .Values.api.image).
The tag defaults to the chart's appVersion; "latest" (or a missing tag) is refused when
environment is prod, so a prod release always names an immutable version.
*/}}
{{- define "todo-chatbot.image" -}}
{{- $registry := .ctx.Values.global.imageRegistry -}}
{{- $tag := .image.tag | default .ctx.Chart.AppVersion | toString -}}
{{- if and (eq .ctx.Values.environment "prod") (or (eq $tag "latest") (eq $tag "")) -}}
{{- fail (printf "image %s: tag %q is not allowed when environment=prod; pin a version" .image.repository $tag) -}}
{{- end -}}
{{- if .image.digest -}}
{{- printf "%s%s@%s" (ternary (printf "%s/" $registry) "" (ne $registry "")) .image.repository .image.digest -}}
{{- else -}}
{{- printf "%s%s:%s" (ternary (printf "%s/" $registry) "" (ne $registry "")) .image.repository $tag -}}
{{- end -}}
{{- end -}}

{{/* Secret names: the user's existing Secret, or the one this chart generates. */}}
{{- define "todo-chatbot.secretName" -}}
{{- default (printf "%s-secrets" (include "todo-chatbot.fullname" .)) .Values.secrets.existingSecret -}}
{{- end -}}

{{/* true when the database is outside the release (no StatefulSet rendered). */}}
{{- define "todo-chatbot.db.external" -}}
{{- if or .Values.database.external.url .Values.database.external.existingSecret -}}true{{- end -}}
{{- end -}}

{{/* The JDBC URL for the in-cluster PostgreSQL (headless Service DNS name). */}}
{{- define "todo-chatbot.db.internalUrl" -}}
{{- printf "jdbc:postgresql://%s:%d/%s" (include "todo-chatbot.db.fullname" .) (int .Values.database.internal.port) .Values.database.internal.database -}}
{{- end -}}

{{/*
DATABASE_* env for api containers (main and init). URL and user are not secret and live in
the ConfigMap, except when the URL comes from an existing Secret; the password always comes
from a Secret via secretKeyRef.
*/}}
{{- define "todo-chatbot.db.env" -}}
{{- $ext := .Values.database.external -}}
{{- if and $ext.existingSecret $ext.urlKey }}
- name: DATABASE_URL
  valueFrom:
    secretKeyRef:
      name: {{ $ext.existingSecret }}
      key: {{ $ext.urlKey }}
{{- end }}
- name: DATABASE_PASSWORD
  valueFrom:
    secretKeyRef:
{{- if $ext.existingSecret }}
      name: {{ $ext.existingSecret }}
      key: {{ $ext.passwordKey }}
{{- else }}
      name: {{ include "todo-chatbot.secretName" . }}
      key: DATABASE_PASSWORD
{{- end }}
{{- end -}}

{{/* Pod-level security context shared by the app pods (uid/gid of the image's "app" user). */}}
{{- define "todo-chatbot.podSecurityContext" -}}
runAsNonRoot: true
runAsUser: {{ .runAsUser }}
runAsGroup: {{ .runAsUser }}
fsGroup: {{ .runAsUser }}
seccompProfile:
  type: RuntimeDefault
{{- end -}}

{{/* Container-level security context: every container in this chart uses it. */}}
{{- define "todo-chatbot.containerSecurityContext" -}}
runAsNonRoot: true
runAsUser: {{ .runAsUser }}
runAsGroup: {{ .runAsUser }}
allowPrivilegeEscalation: false
readOnlyRootFilesystem: true
privileged: false
capabilities:
  drop: ["ALL"]
seccompProfile:
  type: RuntimeDefault
{{- end -}}

{{/* Scheduling fields for a component's pod spec. */}}
{{- define "todo-chatbot.scheduling" -}}
{{- with .nodeSelector }}
nodeSelector:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .tolerations }}
tolerations:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .affinity }}
affinity:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- end -}}

{{/* imagePullSecrets, shared by all pods. */}}
{{- define "todo-chatbot.imagePullSecrets" -}}
{{- with .Values.global.imagePullSecrets }}
imagePullSecrets:
{{- range . }}
  - name: {{ . }}
{{- end }}
{{- end }}
{{- end -}}

{{/*
A bash snippet, run in the api image, that blocks until DATABASE_URL's host:port accepts TCP
connections. An init container that loops (instead of failing) keeps pods in Init rather than
CrashLoopBackOff while PostgreSQL starts.
*/}}
{{- define "todo-chatbot.waitForDb" -}}
u=${DATABASE_URL#jdbc:}; u=${u#postgresql://}; u=${u%%/*}; u=${u%%\?*}; u=${u##*@}
host=${u%%:*}; port=${u##*:}; [ "$port" = "$u" ] && port=5432
echo "waiting for database at $host:$port"
for i in $(seq 1 {{ .Values.database.waitTimeoutSeconds }}); do
  if (exec 3<>"/dev/tcp/$host/$port") 2>/dev/null; then echo "database reachable"; exit 0; fi
  sleep 1
done
echo "database $host:$port not reachable after {{ .Values.database.waitTimeoutSeconds }}s" >&2
exit 1
{{- end -}}

{{/*
API versions that differ between the Kubernetes versions this chart supports (Chart.yaml kubeVersion).
Decided by the target's version: on a live cluster Helm reports the server's, and `helm template
--kube-version` / `todoctl render --kube-version` set it offline, where .Capabilities.APIVersions only
lists Helm's built-in defaults and so cannot tell a 1.20 cluster from a current one.
*/}}
{{- define "todo-chatbot.hpa.apiVersion" -}}
{{- if semverCompare ">=1.23-0" .Capabilities.KubeVersion.Version -}}autoscaling/v2{{- else -}}autoscaling/v2beta2{{- end -}}
{{- end -}}
{{- define "todo-chatbot.pdb.apiVersion" -}}
{{- if semverCompare ">=1.21-0" .Capabilities.KubeVersion.Version -}}policy/v1{{- else -}}policy/v1beta1{{- end -}}
{{- end -}}
{{/* StatefulSet.spec.persistentVolumeClaimRetentionPolicy exists from 1.23 (an unknown field before). */}}
{{- define "todo-chatbot.sts.hasPvcRetention" -}}
{{- if semverCompare ">=1.23-0" .Capabilities.KubeVersion.Version -}}true{{- end -}}
{{- end -}}
{{- define "todo-chatbot.cronjob.apiVersion" -}}
{{- if semverCompare ">=1.21-0" .Capabilities.KubeVersion.Version -}}batch/v1{{- else -}}batch/v1beta1{{- end -}}
{{- end -}}

{{/*
todoctl dev's supervisor (dev.enabled): PID 1 of each app container in a dev deployment. It runs the java command
given as its arguments and starts it again on SIGHUP, which `todoctl dev` sends after copying new classes into
/app/dev-classes: a reload costs a JVM start in the running pod, not a new image and a rollout. TERM/INT (the pod
stopping) stop the JVM and exit. A JVM that exits by itself is started again after 2 s, so a bad save shows in the
log and the next good one recovers it. The JVM's pid is in /tmp/todoctl-dev.pid for todoctl to wait on (TODOCTL_DEV_PID_FILE: elsewhere, for tests).
*/}}
{{- define "todo-chatbot.devSupervisor" -}}
child=; restart=
trap 'restart=1; kill -TERM "$child" 2>/dev/null' HUP
trap 'trap - HUP TERM INT; kill -TERM "$child" 2>/dev/null; wait "$child"; exit 0' TERM INT
while :; do
  restart=
  "$@" &
  child=$!
  echo "$child" > "${TODOCTL_DEV_PID_FILE:-/tmp/todoctl-dev.pid}"
  while kill -0 "$child" 2>/dev/null; do wait "$child"; done
  if [ -z "$restart" ]; then echo "todoctl dev: the app exited; starting it again in 2 s" >&2; sleep 2; fi
done
{{- end -}}
