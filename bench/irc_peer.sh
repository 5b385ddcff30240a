#!/usr/bin/env bash
# The IRC side of the gateway comparison: runs /work/shared/bench-peers/run_irc.sh for InspIRCd
# with the same client counts and event counts as bench/gateway_bench.sh, so both servers are
# measured on this machine in the same way (server pinned to SRV_CPU, generator to LG_CPU).
#
#   bench/irc_peer.sh [reps] [clients...]        e.g. bench/irc_peer.sh 3 1000 10000
#
# Installs inspircd from Debian's packages if it is missing and stops the instance the package
# starts. The peer folder is copied to a temporary directory, so building ircload there writes
# nothing into /work/shared. One JSON line per run is appended to $OUT; medians are printed.
# Environment: PORT (16667) OUT (./irc-results.jsonl) EVENTS (M; default 2,000,000/N, 100..2000)
# PEERS (/work/shared/bench-peers) SRV_CPU (1) LG_CPU (0).
set -euo pipefail
reps=${1:-3}; shift || true
clients=("$@"); [[ ${#clients[@]} -gt 0 ]] || clients=(1000 10000)
PEERS=${PEERS:-/work/shared/bench-peers}
OUT=$(realpath -m "${OUT:-./irc-results.jsonl}")
export PORT=${PORT:-16667} SRV_CPU=${SRV_CPU:-1} LG_CPU=${LG_CPU:-0}
command -v jq >/dev/null || { echo "needs jq (apt-get install jq)" >&2; exit 1; }

if ! command -v inspircd >/dev/null; then
  DEBIAN_FRONTEND=noninteractive apt-get install -y inspircd >&2
fi
# The package's own instance (if its init ran) would hold the default port and a CPU: stop it
# through the service manager, never by process name.
if command -v systemctl >/dev/null && systemctl is-active --quiet inspircd 2>/dev/null; then
  systemctl stop inspircd || true
elif [[ -x /etc/init.d/inspircd ]]; then
  /etc/init.d/inspircd stop >/dev/null 2>&1 || true
fi

work=$(mktemp -d /tmp/irc-peer.XXXXXX)
trap 'rm -rf "$work"' EXIT
cp -r "$PEERS"/. "$work/peers"
rm -f "$work/peers/ircload"
make -C "$work/peers" >/dev/null

for n in "${clients[@]}"; do
  events=${EVENTS:-$(( 2000000 / n ))}
  [[ -n ${EVENTS:-} ]] || { (( events < 100 )) && events=100; (( events > 2000 )) && events=2000; }
  OUT=$work/results.jsonl RUNBASE=$work/run "$work/peers/run_irc.sh" inspircd "$n" "$events" "$reps" \
    --setup-timeout 300 --msg-timeout 300
done
mkdir -p "$(dirname "$OUT")"
cat "$work/results.jsonl" >>"$OUT"

echo "InspIRCd medians over $reps runs (this invocation; every line is also in $OUT):" >&2
jq -rs '
  def median: sort | if length == 0 then null else .[(length - 1) / 2 | floor] end;
  def r(f): (map(f) | map(select(. != null and . >= 0)) | median);
  group_by(.n)[]
  | [.[0].n, length, (r(if .register_s > 0 then .n / .register_s else null end) // 0 | floor), (r(.bytes_per_client) // 0 | floor),
     (r(.sat.deliveries_per_s) // 0 | floor), (r(.sat.deliveries_per_server_cpu_s) // 0 | floor),
     r(.sat.lat_p50_us), r(.sat.lat_p99_us), (map(.ok) | all)] | @tsv' "$work/results.jsonl" \
  | { printf 'n\truns\tregistrations/s\tB/client\tdeliveries/s\tdeliveries/cpu-s\tp50_us\tp99_us\tok\n'; cat; } \
  | column -t -s $'\t'
