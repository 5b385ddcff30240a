#!/usr/bin/env bash
# Fan-out side by side, one run: parleyd and InspIRCd (Debian's package, configured as
# /work/shared/bench-peers does) with the same N receivers, the same number of events and the same
# closed-loop window, both measured by parley-bench (gateway mode: USER_UPDATE to N sessions of one
# account through PATCH /users/@me; irc mode: one sender's PRIVMSG to a channel of N members).
# Prints one row per server and repetition, then medians; one JSON line per run goes to $OUT.
#
#   bench/fanout_side_by_side.sh [reps=3] [n=10000] [events=200]
#
# Environment: WINDOW (64) TRIGGER_CONNS (WINDOW: REST connections that keep WINDOW events in
# flight) RATE (0 = closed loop) THREADS (parleyd --threads, 1) COMPRESS (none) SRV_CPU (1)
# LG_CPU (0) PORT (18790) IRC_PORT (16690) OUT (./fanout-side-by-side.jsonl) PEERS
# (/work/shared/bench-peers) PARLEYD / BENCH (binaries). Everything is time-bounded.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
reps=${1:-3}; n=${2:-10000}; events=${3:-200}
WINDOW=${WINDOW:-64}; TRIGGER_CONNS=${TRIGGER_CONNS:-$WINDOW}; RATE=${RATE:-0}
THREADS=${THREADS:-1}; COMPRESS=${COMPRESS:-none}; SRV_CPU=${SRV_CPU:-1}; LG_CPU=${LG_CPU:-0}
PORT=${PORT:-18790}; IRC_PORT=${IRC_PORT:-16690}
OUT=$(realpath -m "${OUT:-./fanout-side-by-side.jsonl}")
PEERS=${PEERS:-/work/shared/bench-peers}
PARLEYD=${PARLEYD:-$root/build/release/apps/parleyd/parleyd}
BENCH=${BENCH:-$root/build/release/bench/parley_bench/parley-bench}
[[ -x $PARLEYD && -x $BENCH ]] || { echo "build first: scripts/build.sh release parleyd parley-bench" >&2; exit 1; }
command -v jq >/dev/null || { echo "needs jq" >&2; exit 1; }
command -v inspircd >/dev/null || { echo "needs inspircd (apt-get install inspircd)" >&2; exit 1; }
(( TRIGGER_CONNS > 256 )) && TRIGGER_CONNS=256
src_ips=$(( (n + 24999) / 25000 ))
mkdir -p "$(dirname "$OUT")"

work=$(mktemp -d /tmp/fanout-sbs.XXXXXX)
spid=""
stop_server() {
  [[ -n $spid ]] || return 0
  kill "$spid" 2>/dev/null || true
  for _ in $(seq 1 50); do kill -0 "$spid" 2>/dev/null || break; sleep 0.1; done
  kill -9 "$spid" 2>/dev/null || true
  wait "$spid" 2>/dev/null || true
  spid=""
}
trap 'stop_server; rm -rf "$work"' EXIT

wait_port() {
  for _ in $(seq 1 100); do ss -ltn "sport = :$1" | grep -q LISTEN && return 0; sleep 0.1; done
  return 1
}

server_args=(--password-cost minimal --log-level warn --threads "$THREADS")
"$PARLEYD" --help | grep -q -- '--rate-limit' && server_args+=(--rate-limit off)

for rep in $(seq 1 "$reps"); do
  # ---- parleyd
  run=$work/parley-$rep; mkdir -p "$run/data"
  taskset -c "$SRV_CPU" "$PARLEYD" --data "$run/data" --listen "127.0.0.1:$PORT" "${server_args[@]}" >"$run/server.log" 2>&1 &
  spid=$!
  for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.1; done
  curl -sf -X POST "http://127.0.0.1:$PORT/api/v10/auth/register" -H 'Content-Type: application/json' \
    -d "{\"username\":\"sbs$rep\",\"password\":\"parley-load-password-1\"}" | jq -r .token >"$run/tokens"
  set +e
  timeout 900 taskset -c "$LG_CPU" "$BENCH" gateway --port "$PORT" --tokens "$run/tokens" -n "$n" --compress "$COMPRESS" \
    --server-pid "$spid" --events "$events" --window "$WINDOW" --rate "$RATE" --trigger-conns "$TRIGGER_CONNS" \
    --src-ips "$src_ips" --connect-conc 1000 --setup-timeout 300 --fanout-timeout 300 \
    --label "parley-n$n-m$events-w$WINDOW-rep$rep" >"$run/result.json" 2>"$run/load.log"
  rc=$?
  set -e
  stop_server
  (( rc == 0 )) || { echo "parley rep $rep: exit code $rc" >&2; tail -5 "$run/load.log" >&2; }
  jq -c '. + {server: "parleyd"} | del(.identify_latency_hist) | if .fanout then del(.fanout.lat_hist) else . end' \
    "$run/result.json" | tee -a "$OUT" >>"$work/results.jsonl"
  sleep 2

  # ---- InspIRCd
  run=$work/irc-$rep; mkdir -p "$run"
  sed -e "s#@PORT@#$IRC_PORT#g" -e "s#@RUNDIR@#$run#g" "$PEERS/inspircd.conf.in" >"$run/inspircd.conf"
  taskset -c "$SRV_CPU" inspircd --config "$run/inspircd.conf" --nofork --runasroot >"$run/server.log" 2>&1 &
  spid=$!
  wait_port "$IRC_PORT" || { echo "inspircd did not start; see $run/server.log" >&2; cat "$run/server.log" >&2; exit 1; }
  sleep 1
  set +e
  timeout 900 taskset -c "$LG_CPU" "$BENCH" irc --port "$IRC_PORT" -n "$n" --server-pid "$spid" --events "$events" \
    --window "$WINDOW" --rate "$RATE" --src-ips "$src_ips" --connect-conc 2000 --join-conc 20 --setup-timeout 600 \
    --fanout-timeout 300 --label "inspircd-n$n-m$events-w$WINDOW-rep$rep" >"$run/result.json" 2>"$run/load.log"
  rc=$?
  set -e
  stop_server
  (( rc == 0 )) || { echo "inspircd rep $rep: exit code $rc" >&2; tail -5 "$run/load.log" >&2; }
  jq -c '. + {server: "inspircd"}' "$run/result.json" | tee -a "$OUT" >>"$work/results.jsonl"
  sleep 2
done

row='[.server, .label, .n, (.identify_per_s // 0 | floor), (.idle_bytes_per_session // 0 | floor),
      (.fanout.deliveries_per_s // 0 | floor), (.fanout.deliveries_per_server_cpu_s // 0 | floor),
      .fanout.lat_p50_us, .fanout.lat_p99_us, (.fanout.loadgen_cpu_s * 100 | floor / 100), .ok] | @tsv'
header=$'server\tlabel\tn\tidentify|register/s\tB/session\tdeliveries/s\tdeliveries/server-cpu-s\tp50_us\tp99_us\tbench_cpu_s\tok'
echo "every run:" >&2
jq -r "$row" "$work/results.jsonl" | { echo "$header"; cat; } | column -t -s $'\t'
echo "medians over $reps runs:" >&2
jq -rs '
  def median: sort | if length == 0 then null else .[(length - 1) / 2 | floor] end;
  def r(f): (map(f) | map(select(. != null)) | median);
  group_by(.server)[]
  | [.[0].server, length, (r(.identify_per_s) // 0 | floor), (r(.idle_bytes_per_session) // 0 | floor),
     (r(.fanout.deliveries_per_s) // 0 | floor), (r(.fanout.deliveries_per_server_cpu_s) // 0 | floor),
     r(.fanout.lat_p50_us), r(.fanout.lat_p99_us), (map(.ok) | all)] | @tsv' "$work/results.jsonl" \
  | { printf 'server\truns\tidentify|register/s\tB/session\tdeliveries/s\tdeliveries/server-cpu-s\tp50_us\tp99_us\tok\n'; cat; } \
  | column -t -s $'\t'
