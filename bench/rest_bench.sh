#!/usr/bin/env bash
# REST benchmark (issue 2): wrk against GET /api/v10/users/@me at 64 connections; requests/s, p99,
# requests per second of server CPU; time from start to a healthy /healthz; idle RSS.
# Usage: bench/rest_bench.sh [runs] [seconds]   (needs the release build: scripts/build.sh release)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
runs=${1:-5}; seconds=${2:-10}
bin=$root/build/release/apps/parleyd/parleyd
[[ -x $bin ]] || { echo "build first: scripts/build.sh release" >&2; exit 1; }
command -v wrk >/dev/null || { echo "needs wrk (apt-get install wrk)" >&2; exit 1; }
data=$(mktemp -d); port=18765
trap 'kill $pid 2>/dev/null || true; rm -rf "$data"' EXIT

start_ns=$(date +%s%N)
# --rate-limit off: one caller at full speed is exactly what the REST limits exist to stop.
"$bin" --data "$data" --listen 127.0.0.1:$port --password-cost minimal --log-level warn --rate-limit off >/dev/null &
pid=$!
until curl -sf http://127.0.0.1:$port/healthz >/dev/null; do sleep 0.001; done
healthy_ms=$(( ($(date +%s%N) - start_ns) / 1000000 ))
sleep 1
idle_rss_kib=$(awk '/VmRSS/ {print $2}' /proc/$pid/status)

token=$(curl -s -X POST http://127.0.0.1:$port/api/v10/auth/register -H 'Content-Type: application/json' \
  -d '{"username":"bench","password":"correct horse battery"}' | sed 's/.*"token":"\([^"]*\)".*/\1/')
cpu_ticks() { awk '{print $14 + $15}' /proc/$pid/stat; }
hz=$(getconf CLK_TCK)

echo "time_to_healthy_ms=$healthy_ms idle_rss_kib=$idle_rss_kib"
echo "run requests_per_s p99_ms server_cpu_s requests_per_cpu_s"
for i in $(seq "$runs"); do
  before=$(cpu_ticks)
  out=$(wrk -t2 -c64 -d"${seconds}s" --latency -H "Authorization: $token" http://127.0.0.1:$port/api/v10/users/@me)
  after=$(cpu_ticks)
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  total=$(awk '/requests in/ {print $1}' <<<"$out")
  p99=$(awk '$1=="99%" {v=$2; if (v ~ /ms$/) {sub("ms","",v)} else if (v ~ /us$/) {sub("us","",v); v=v/1000} else if (v ~ /s$/) {sub("s","",v); v=v*1000}; print v}' <<<"$out")
  cpu=$(awk -v a="$after" -v b="$before" -v hz="$hz" 'BEGIN {printf "%.2f", (a-b)/hz}')
  per_cpu=$(awk -v n="$total" -v c="$cpu" 'BEGIN {printf "%.0f", (c > 0 ? n/c : 0)}')
  echo "$i $rps $p99 $cpu $per_cpu"
done
