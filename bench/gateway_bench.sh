#!/usr/bin/env bash
# Gateway benchmark: identify rate, idle memory per session and fan-out (deliveries/s, deliveries
# per server-CPU-second, latency) of a release parleyd, measured with parley-bench (gateway mode) the way
# /work/shared/bench-peers/run_irc.sh measures InspIRCd (bench/irc_peer.sh runs that side).
#
#   bench/gateway_bench.sh [reps] [clients...]        e.g. bench/gateway_bench.sh 3 1000 10000
#
# For each N, each compression (COMPRESS, default "none zlib-stream") and each repetition: a fresh
# parleyd on loopback (own data dir, rate limits off, minimal password cost), one account
# registered with curl, N gateway sessions of that account, M USER_UPDATE fan-out events
# (PATCH /users/@me), then the server is stopped by its pid. One JSON line per run is appended to
# $OUT; medians per configuration are printed at the end. Everything is time-bounded.
#
# Environment: PORT (18770) OUT (./gateway-results.jsonl) EVENTS (M; default 2,000,000/N, 100..2000)
# WINDOW (8) RATE (0 = closed loop) SRV_CPU (1) LG_CPU (0) THREADS (parleyd --threads, 1)
# PER_PROCESS (clients per generator process, 15000) HEARTBEAT_MS (parleyd default if empty)
# EXTRA (more parley-bench gateway options) PARLEYD / LOADGEN (binaries).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
reps=${1:-3}; shift || true
clients=("$@"); [[ ${#clients[@]} -gt 0 ]] || clients=(1000 10000)
PORT=${PORT:-18770}
OUT=${OUT:-./gateway-results.jsonl}
COMPRESS=${COMPRESS:-"none zlib-stream"}
WINDOW=${WINDOW:-8}; RATE=${RATE:-0}
SRV_CPU=${SRV_CPU:-1}; LG_CPU=${LG_CPU:-0}; THREADS=${THREADS:-1}
PER_PROCESS=${PER_PROCESS:-15000}
PARLEYD=${PARLEYD:-$root/build/release/apps/parleyd/parleyd}
LOADGEN=${LOADGEN:-$root/build/release/bench/parley_bench/parley-bench}
[[ -x $PARLEYD ]] || { echo "build first: scripts/build.sh release parleyd" >&2; exit 1; }
[[ -x $LOADGEN ]] || { echo "build first: scripts/build.sh release parley-bench" >&2; exit 1; }
command -v jq >/dev/null || { echo "needs jq (apt-get install jq)" >&2; exit 1; }
mkdir -p "$(dirname "$OUT")"

server_args=(--password-cost minimal --log-level warn --threads "$THREADS")
"$PARLEYD" --help | grep -q -- '--rate-limit' && server_args+=(--rate-limit off)
[[ -n ${HEARTBEAT_MS:-} ]] && server_args+=(--heartbeat-interval "$HEARTBEAT_MS")

work=$(mktemp -d /tmp/gateway-bench.XXXXXX)
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

for n in "${clients[@]}"; do
  events=${EVENTS:-$(( 2000000 / n ))}
  [[ -n ${EVENTS:-} ]] || { (( events < 100 )) && events=100; (( events > 2000 )) && events=2000; }
  procs=$(( (n + PER_PROCESS - 1) / PER_PROCESS ))
  src_ips=$(( (n + 24999) / 25000 ))
  for compress in $COMPRESS; do
    for rep in $(seq 1 "$reps"); do
      label="parley-n$n-$compress-m$events-rep$rep"
      run=$work/$label; mkdir -p "$run/data" "$run/sync"
      taskset -c "$SRV_CPU" "$PARLEYD" --data "$run/data" --listen "127.0.0.1:$PORT" "${server_args[@]}" \
        >"$run/server.log" 2>&1 &
      spid=$!
      for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.1; done
      curl -sf -X POST "http://127.0.0.1:$PORT/api/v10/auth/register" -H 'Content-Type: application/json' \
        -d "{\"username\":\"bench$rep\",\"password\":\"parley-load-password-1\"}" | jq -r .token >"$run/tokens"
      sleep 1
      common=(--port "$PORT" --tokens "$run/tokens" -n "$n" --compress "$compress" --server-pid "$spid"
              --events "$events" --window "$WINDOW" --rate "$RATE" --src-ips "$src_ips" --label "$label"
              --connect-conc 1000 --setup-timeout 300 --fanout-timeout 300 ${EXTRA:-})
      set +e
      if (( procs == 1 )); then
        timeout 900 taskset -c "$LG_CPU" "$LOADGEN" "${common[@]}" >"$run/result.json" 2>"$run/load.log"
        rc=$?
      else
        pids=()
        for i in $(seq 0 $((procs - 1))); do
          timeout 900 taskset -c "$LG_CPU" "$LOADGEN" "${common[@]}" --shard "$i/$procs" --sync-dir "$run/sync" \
            >"$run/shard$i.json" 2>"$run/load$i.log" &
          pids+=($!)
        done
        rc=0
        for p in "${pids[@]}"; do wait "$p" || rc=$?; done
        "$LOADGEN" merge "$run"/shard*.json >"$run/result.json"
        cat "$run"/load*.log >"$run/load.log"
      fi
      set -e
      stop_server
      grep -E '^(----|identify:|  )' "$run/load.log" >&2 || true
      (( rc == 0 )) || echo "$label: generator exit code $rc (see $run/load.log)" >&2
      # Drop the histograms from the recorded line: they matter only for merging shards.
      jq -c 'del(.identify_latency_hist) | if .fanout then del(.fanout.lat_hist) else . end' "$run/result.json" \
        | tee -a "$OUT" >>"$work/results.jsonl"
      sleep 2
    done
  done
done

echo "medians over $reps runs (this invocation; every line is also in $OUT):" >&2
jq -rs '
  def median: sort | if length == 0 then null else .[(length - 1) / 2 | floor] end;
  def r(f): (map(f) | map(select(. != null)) | median);
  group_by([.n, .compress])[]
  | { n: .[0].n, compress: .[0].compress, runs: length,
      identify_per_s: r(.identify_per_s), bytes_per_session: r(.idle_bytes_per_session),
      deliveries_per_s: r(.fanout.deliveries_per_s), per_server_cpu_s: r(.fanout.deliveries_per_server_cpu_s),
      p50_us: r(.fanout.lat_p50_us), p99_us: r(.fanout.lat_p99_us), ok: (map(.ok) | all) }
  | [.n, .compress, .runs, (.identify_per_s // 0 | floor), (.bytes_per_session // 0 | floor),
     (.deliveries_per_s // 0 | floor), (.per_server_cpu_s // 0 | floor), .p50_us, .p99_us, .ok] | @tsv' \
    "$work/results.jsonl" \
  | { printf 'n\tcompress\truns\tidentify/s\tB/session\tdeliveries/s\tdeliveries/cpu-s\tp50_us\tp99_us\tok\n'; cat; } \
  | column -t -s $'\t'
