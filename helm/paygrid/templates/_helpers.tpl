{{/* Common names and labels. */}}
{{- define "paygrid.labels" -}}
app.kubernetes.io/part-of: paygrid
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/instance: {{ .Release.Name }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{- end }}

{{- define "paygrid.selector" -}}
app.kubernetes.io/name: {{ .service }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
{{- end }}

{{- define "paygrid.image" -}}
{{- $suffix := ternary "-native" "" (eq .root.Values.image.variant "native") -}}
{{ printf "%s/%s%s:%s" .root.Values.image.registry .service $suffix .root.Values.image.tag }}
{{- end }}

{{- define "paygrid.serviceAccountName" -}}
{{ ternary (printf "%s-paygrid" .Release.Name) "default" .Values.serviceAccount.create }}
{{- end }}
