#!/usr/bin/env bash
# parley-bench's own receive ceiling (issue 6): `parley-bench sink` (a stand-in gateway that writes
# pre-built MESSAGE_CREATE frames, BATCH per write, as fast as they are read) on SRV_CPU, and
# `parley-bench gateway --trigger sink` with N sessions on LG_CPU receiving EVENTS events each.
# deliveries per generator-CPU-second is the ceiling to compare with a server's deliveries per
# server-CPU-second; deliveries/s is the wall rate on this (shared) machine.
#
#   bench/receive_ceiling.sh [reps=3] [n=10000] [events=200]
#
# Environment: BATCH (8) EVENT (message-create, or user-update: the shape of parleyd's fan-out
# benchmark's dispatch) BODY (400: bytes of d; exact for user-update) PORT (18795) SRV_CPU (1)
# LG_CPU (0) EXTRA (more gateway options, e.g. --decode-dispatches or --compress zlib-stream... the sink sends uncompressed text frames) OUT
# (./receive-ceiling.jsonl) BENCH (binary).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
reps=${1:-3}; n=${2:-10000}; events=${3:-200}
BATCH=${BATCH:-8}; EVENT=${EVENT:-message-create}; BODY=${BODY:-400}
PORT=${PORT:-18795}; SRV_CPU=${SRV_CPU:-1}; LG_CPU=${LG_CPU:-0}
trigger=sink; [[ $EVENT == user-update ]] && trigger=sink:user-update
OUT=$(realpath -m "${OUT:-./receive-ceiling.jsonl}")
BENCH=${BENCH:-$root/build/release/bench/parley_bench/parley-bench}
[[ -x $BENCH ]] || { echo "build first: scripts/build.sh release parley-bench" >&2; exit 1; }
command -v jq >/dev/null || { echo "needs jq" >&2; exit 1; }
mkdir -p "$(dirname "$OUT")"
work=$(mktemp -d /tmp/receive-ceiling.XXXXXX)
sink_pid=""
trap '[[ -n $sink_pid ]] && kill "$sink_pid" 2>/dev/null; rm -rf "$work"' EXIT

for rep in $(seq 1 "$reps"); do
  taskset -c "$SRV_CPU" "$BENCH" sink --port "$PORT" --events "$events" --batch "$BATCH" --event "$EVENT" --body-size "$BODY" -q &
  sink_pid=$!
  for _ in $(seq 1 100); do ss -ltn "sport = :$PORT" | grep -q LISTEN && break; sleep 0.05; done
  set +e
  timeout 600 taskset -c "$LG_CPU" "$BENCH" gateway --port "$PORT" --trigger "$trigger" -n "$n" --events "$events" \
    --server-pid "$sink_pid" --idle-seconds 1 --connect-conc 1000 --label "ceiling-n$n-m$events-b$BATCH-$EVENT-$BODY-rep$rep" \
    ${EXTRA:-} >"$work/result.json" 2>"$work/load.log"
  rc=$?
  set -e
  wait "$sink_pid" 2>/dev/null || true
  sink_pid=""
  (( rc == 0 )) || { echo "rep $rep: exit code $rc" >&2; tail -5 "$work/load.log" >&2; }
  jq -c 'del(.identify_latency_hist) | if .fanout then del(.fanout.lat_hist) else . end' "$work/result.json" \
    | tee -a "$OUT" >>"$work/results.jsonl"
  sleep 1
done
jq -r '[.label, .fanout.deliveries, (.fanout.deliveries_per_s | floor), .fanout.loadgen_cpu_s,
        (.fanout.deliveries / .fanout.loadgen_cpu_s | floor), .fanout.server_cpu_s, .ok] | @tsv' "$work/results.jsonl" \
  | { printf 'label\tdeliveries\tdeliveries/s\tbench_cpu_s\tdeliveries/bench-cpu-s\tsink_cpu_s\tok\n'; cat; } | column -t -s $'\t'
