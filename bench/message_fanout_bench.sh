#!/usr/bin/env bash
# Message delivery latency (issue "Conversations"): N members (distinct accounts, joined through an
# invite) hold gateway sessions; messages are POSTed to the guild's text channel at RATE per second
# (open loop) and parley-bench measures POST-to-MESSAGE_CREATE latency at every member
# (p50/p99) and deliveries per server-CPU-second. Goal: p99 < 10 ms at 1,000 messages/s, 1,000 members.
#
#   bench/message_fanout_bench.sh [reps=3] [members=1000] [rate=1000] [events=5000]
#
# Needs the release build (scripts/build.sh release) and jq. One JSON line per run goes to $OUT.
# Environment: PORT, OUT, THREADS (parleyd --threads, 1), SERVER_ARGS (more parleyd options),
# TRIGGER_CONNS (keep-alive REST connections posting the messages, 64: each carries one request at
# a time, so a few would cap the offered rate below RATE), SRV_CPU / LG_CPU (the CPUs parleyd and
# parley-bench are pinned to, 1 and 0), PARLEYD / LOADGEN (binaries).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
reps=${1:-3}; members=${2:-1000}; rate=${3:-1000}; events=${4:-5000}
PORT=${PORT:-18771}; OUT=${OUT:-$root/build/message-fanout-results.jsonl}; THREADS=${THREADS:-1}
TRIGGER_CONNS=${TRIGGER_CONNS:-64}; SRV_CPU=${SRV_CPU:-1}; LG_CPU=${LG_CPU:-0}
PARLEYD=${PARLEYD:-$root/build/release/apps/parleyd/parleyd}
LOADGEN=${LOADGEN:-$root/build/release/bench/parley_bench/parley-bench}
[[ -x $PARLEYD && -x $LOADGEN ]] || { echo "build first: scripts/build.sh release" >&2; exit 1; }
command -v jq >/dev/null || { echo "needs jq" >&2; exit 1; }
work=$(mktemp -d /tmp/message-fanout.XXXXXX); spid=""
trap '[[ -n $spid ]] && kill $spid 2>/dev/null; rm -rf "$work"' EXIT

for rep in $(seq "$reps"); do
  rm -rf "$work/data"
  taskset -c "$SRV_CPU" "$PARLEYD" --data "$work/data" --listen 127.0.0.1:$PORT --password-cost minimal --log-level warn \
    --rate-limit off --threads "$THREADS" ${SERVER_ARGS:-} >"$work/server.log" 2>&1 &
  spid=$!
  until curl -sf http://127.0.0.1:$PORT/healthz >/dev/null; do sleep 0.02; done
  # Accounts, guild and memberships over REST (keep-alive, stdlib only).
  channel=$(python3 - "$PORT" "$members" "$work/tokens" <<'PY'
import http.client, json, sys
port, n, out = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
c = http.client.HTTPConnection("127.0.0.1", port)
def call(method, path, body=None, token=None):
    h = {"Content-Type": "application/json"}
    if token: h["Authorization"] = token
    c.request(method, "/api/v10" + path, json.dumps(body) if body is not None else None, h)
    r = c.getresponse(); data = r.read()
    if r.status >= 300: sys.exit(f"{method} {path}: {r.status} {data[:200]}")
    return json.loads(data) if data else None
owner = call("POST", "/auth/register", {"username": "owner", "password": "correct horse battery"})["token"]
g = call("POST", "/guilds", {"name": "bench"}, owner)
ch = next(x["id"] for x in call("GET", f"/guilds/{g['id']}/channels", token=owner) if x["type"] == 0)
code = call("POST", f"/channels/{ch}/invites", {"max_age": 0}, owner)["code"]
tokens = [owner]
for i in range(n - 1):
    t = call("POST", "/auth/register", {"username": f"member{i}", "password": "correct horse battery"})["token"]
    call("POST", f"/invites/{code}", {}, t)
    tokens.append(t)
open(out, "w").write("\n".join(tokens) + "\n")
print(ch)
PY
)
  taskset -c "$LG_CPU" "$LOADGEN" --port $PORT --clients "$members" --tokens "$work/tokens" --server-pid $spid \
    --trigger-conns "$TRIGGER_CONNS" \
    --intents $(( (1 << 0) | (1 << 9) | (1 << 15) )) --trigger "message-create:$channel" \
    --events "$events" --rate "$rate" --label "members=$members rate=$rate rep=$rep" --quiet >>"$OUT"
  kill $spid; wait $spid 2>/dev/null || true; spid=""
  tail -1 "$OUT" | jq -c '{label: .label, fanout: .fanout}'
done
