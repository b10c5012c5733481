#!/bin/sh
# The database backup CronJob: writes what `todoctl db backup` writes (format todoctl-backup/1: a gzip'd tar of
# manifest.json, then dump.sql), so `todoctl db restore FILE` restores it, and keeps the newest $RETENTION files.
# Runs in the database image (pg_dump, psql, awk, sha256sum, tar, gzip); reads PG* variables for the connection.
set -eu
umask 077
ts=$(date -u +%Y%m%dT%H%M%SZ)
created=$(date -u +%Y-%m-%dT%H:%M:%SZ)
work=$(mktemp -d /tmp/backup.XXXXXX)
trap 'rm -rf "$work"' EXIT
out="$BACKUP_DIR/$RELEASE-kubernetes-$ts.tar.gz"

schema=$(psql -At -v ON_ERROR_STOP=1 -c "SELECT coalesce((SELECT version FROM flyway_schema_history WHERE success AND version IS NOT NULL ORDER BY installed_rank DESC LIMIT 1), 'none') WHERE to_regclass('public.flyway_schema_history') IS NOT NULL UNION ALL SELECT 'none' WHERE to_regclass('public.flyway_schema_history') IS NULL")
pg_dump --no-owner --no-privileges >"$work/dump.sql"

# one row per line between "COPY <table> (...) FROM stdin;" and "\." — as todoctl counts them
tables=$(awk '
  /^COPY .* FROM stdin;$/ { t = $2; sub(/^.*\./, "", t); gsub(/"/, "", t); n = 0; inside = 1; next }
  inside && $0 == "\\." { printf "%s\"%s\": %d", sep, t, n; sep = ", "; inside = 0; next }
  inside { n++ }
' "$work/dump.sql")
bytes=$(wc -c <"$work/dump.sql" | tr -d ' ')
sha=$(sha256sum "$work/dump.sql" | cut -d' ' -f1)
cat >"$work/manifest.json" <<JSON
{
  "format" : "todoctl-backup/1",
  "app" : "todo-chatbot",
  "app_version" : "$APP_VERSION",
  "engine" : "postgresql",
  "target" : "kubernetes",
  "release" : "$RELEASE",
  "created" : "$created",
  "schema_version" : "$schema",
  "tables" : { $tables },
  "dump" : "dump.sql",
  "bytes" : $bytes,
  "sha256" : "$sha"
}
JSON
tar -czf "$out.part" -C "$work" manifest.json dump.sql
mv "$out.part" "$out"
echo "backup $out: $bytes bytes of dump, schema $schema, sha256 $sha"

# retention: the newest $RETENTION backups stay
ls -1t "$BACKUP_DIR"/"$RELEASE"-kubernetes-*.tar.gz 2>/dev/null | tail -n +$((RETENTION + 1)) | while read -r old; do
  rm -f "$old" && echo "removed $old (retention $RETENTION)"
done
