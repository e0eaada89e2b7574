#!/usr/bin/env bash
# Writes one UTC day's report and trade export into reports/YYYY-MM-DD/:
#   report.md, report.html, report.json (bun run report) and trades.csv, trades.json (bun run export).
# Files are staged in a temporary folder and moved in only when every step succeeded.
set -euo pipefail

usage() {
  cat >&2 <<'USAGE'
Usage: scripts/export-daily-report.sh [YYYY-MM-DD] [--db PATH] [--out-dir DIR]
  YYYY-MM-DD   UTC day to report (default: today, UTC)
  --db PATH    SQLite database (default: data.dbPath of the config)
  --out-dir D  parent folder of the dated folder (default: $REPORTS_DIR or ./reports)
Writes D/YYYY-MM-DD/{report.md,report.html,report.json,trades.csv,trades.json}. Exit 2 on bad arguments.
USAGE
}

die_usage() {
  echo "export-daily-report: $1" >&2
  usage
  exit 2
}

day=""
db=""
out_dir="${REPORTS_DIR:-reports}"
while [[ $# -gt 0 ]]; do
  case "$1" in
    -h | --help) usage; exit 0 ;;
    --db) [[ $# -ge 2 && -n "$2" ]] || die_usage "--db needs a path"; db="$2"; shift 2 ;;
    --out-dir) [[ $# -ge 2 && -n "$2" ]] || die_usage "--out-dir needs a folder"; out_dir="$2"; shift 2 ;;
    -*) die_usage "unknown option $1" ;;
    *) [[ -z "$day" ]] || die_usage "only one day can be given (got $day and $1)"; day="$1"; shift ;;
  esac
done

[[ -n "$day" ]] || day="$(date -u +%F)"
[[ "$day" =~ ^[0-9]{4}-[0-9]{2}-[0-9]{2}$ ]] || die_usage "day must be YYYY-MM-DD, got '$day'"
# GNU date rejects impossible dates (2026-02-30); elsewhere the report CLI checks it and exits 2.
if date -u -d 2000-01-01 +%F >/dev/null 2>&1 && [[ "$(date -u -d "$day" +%F 2>/dev/null || true)" != "$day" ]]; then
  die_usage "day is not a real date: '$day'"
fi

# Paths given relative to the caller stay relative to the caller after the cd below.
abs() { if [[ "$1" = /* ]]; then printf '%s' "$1"; else printf '%s/%s' "$PWD" "$1"; fi; }
out_dir="$(abs "$out_dir")"
db_args=()
[[ -z "$db" ]] || db_args=(--db "$(abs "$db")")

cd "$(dirname "${BASH_SOURCE[0]}")/.."

final="$out_dir/$day"
mkdir -p "$out_dir"
stage="$(mktemp -d "$out_dir/.$day.XXXXXX")"
trap 'rm -rf "$stage"' EXIT

for format in md html json; do
  bun run src/cli/report.ts --day "$day" --format "$format" --out "$stage/report.$format" "${db_args[@]}"
done
for format in csv json; do
  bun run src/cli/export.ts --format "$format" --from "$day" --to "$day" --out "$stage/trades.$format" "${db_args[@]}"
done

mkdir -p "$final"
for f in report.md report.html report.json trades.csv trades.json; do
  mv -f "$stage/$f" "$final/$f"
done
echo "wrote $final/{report.md,report.html,report.json,trades.csv,trades.json}"
