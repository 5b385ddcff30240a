#!/usr/bin/env bash
# Message create throughput (issue "Conversations"): wrk POSTs messages to one guild channel over 32
# connections; requests/s, p99 and requests per second of server CPU, medians over runs. Every 2xx is a
# durable commit (WAL, synchronous=FULL, group commit), so this measures the write path end to end.
# Usage: bench/message_bench.sh [runs=5] [seconds=10] [connections=32]
#        (needs the release build: scripts/build.sh release)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
runs=${1:-5}; seconds=${2:-10}; conns=${3:-32}
bin=$root/build/release/apps/parleyd/parleyd
[[ -x $bin ]] || { echo "build first: scripts/build.sh release" >&2; exit 1; }
command -v wrk >/dev/null || { echo "needs wrk (apt-get install wrk)" >&2; exit 1; }
data=$(mktemp -d); port=18766
lua=$(mktemp --suffix=.lua)
trap 'kill $pid 2>/dev/null || true; rm -rf "$data" "$lua"' EXIT

"$bin" --data "$data" --listen 127.0.0.1:$port --password-cost minimal --log-level warn --rate-limit off >/dev/null &
pid=$!
until curl -sf http://127.0.0.1:$port/healthz >/dev/null; do sleep 0.01; done
api=http://127.0.0.1:$port/api/v10
json() { python3 -c "import json,sys; print(json.load(sys.stdin)$1)"; }
token=$(curl -s -X POST $api/auth/register -H 'Content-Type: application/json' \
  -d '{"username":"bench","password":"correct horse battery"}' | json '["token"]')
guild=$(curl -s -X POST $api/guilds -H "Authorization: $token" -H 'Content-Type: application/json' -d '{"name":"bench"}')
channel=$(python3 -c "import json,sys; g=json.loads(sys.argv[1]); print(next(c['id'] for c in g['channels'] if c['type']==0))" "$guild" 2>/dev/null) ||
  channel=$(curl -s $api/guilds/$(json '["id"]' <<<"$guild")/channels -H "Authorization: $token" |
            python3 -c "import json,sys; print(next(c['id'] for c in json.load(sys.stdin) if c['type']==0))")
cat >"$lua" <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "$token"
wrk.body = '{"content":"benchmark message with a few words in it, like a real one"}'
LUA
cpu_ticks() { awk '{print $14 + $15}' /proc/$pid/stat; }
hz=$(getconf CLK_TCK)
echo "run requests_per_s p99_ms server_cpu_s requests_per_cpu_s non2xx"
for i in $(seq "$runs"); do
  before=$(cpu_ticks)
  out=$(wrk -t2 -c"$conns" -d"${seconds}s" --latency -s "$lua" "$api/channels/$channel/messages")
  after=$(cpu_ticks)
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  total=$(awk '/requests in/ {print $1}' <<<"$out")
  bad=$(awk '/Non-2xx/ {print $NF}' <<<"$out"); bad=${bad:-0}
  p99=$(awk '$1=="99%" {v=$2; if (v ~ /ms$/) {sub("ms","",v)} else if (v ~ /us$/) {sub("us","",v); v=v/1000} else if (v ~ /s$/) {sub("s","",v); v=v*1000}; print v}' <<<"$out")
  cpu=$(awk -v a="$after" -v b="$before" -v hz="$hz" 'BEGIN {printf "%.2f", (a-b)/hz}')
  per_cpu=$(awk -v n="$total" -v c="$cpu" 'BEGIN {printf "%.0f", (c > 0 ? n/c : 0)}')
  echo "$i $rps $p99 $cpu $per_cpu $bad"
done
count=$(curl -s "$api/channels/$channel/messages?limit=1" -H "Authorization: $token" | json '[0]["id"]')
echo "last message id: $count"
