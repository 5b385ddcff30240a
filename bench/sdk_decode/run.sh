#!/usr/bin/env bash
# Issue 6: SDK gateway decode rate beside discord.js on the same recorded MESSAGE_CREATE stream.
# Records the streams once (parley-sdk-decode-gen), runs parley-sdk-decode-bench and
# discordjs_decode.mjs (Node, discord.js from tests/compat/node/node_modules), prints a table.
#
# usage: bench/sdk_decode/run.sh [build dir=build/sdkbench] [count=100000] [runs=5]
# env:   NODE (default node), EXTRA_NODE_MODULES: a node_modules dir holding the optional native
#        zlib-sync / erlpack (e.g. `npm install zlib-sync erlpack` in a scratch dir); without them
#        those rows say "not installed".
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
build=$(cd "${1:-$root/build/sdkbench}" && pwd)
n=${2:-100000}
runs=${3:-5}
streams=$build/sdk_decode_streams
node_path=$root/tests/compat/node/node_modules
if [[ -n "${EXTRA_NODE_MODULES:-}" ]]; then node_path=$EXTRA_NODE_MODULES:$node_path; fi

mkdir -p "$streams"
if [[ ! -s $streams/zlib.ws || "$(cat "$streams/count" 2>/dev/null)" != "$n" ]]; then
  "$build/bench/sdk_decode/parley-sdk-decode-gen" "$streams" "$n"
  echo "$n" > "$streams/count"
fi

echo "# load before: $(uptime)"
out=$(mktemp)
trap 'rm -f "$out"' EXIT
"$build/bench/sdk_decode/parley-sdk-decode-bench" "$streams" "$n" "$runs" | tee -a "$out"
NODE_PATH=$node_path "${NODE:-node}" "$root/bench/sdk_decode/discordjs_decode.mjs" "$streams" "$n" "$runs" | tee -a "$out"
echo "# load after: $(uptime)"

# Pairs: SDK mode | discord.js mode it is compared with.
awk -F'\t' '
  /^(sdk|discord.js)\t/ { split($3, v, " "); rate[$1 "|" $2] = ($3 ~ /events/) ? v[1] : "" }
  function row(s, d,   a, b) {
    a = rate["sdk|" s]; b = rate["discord.js|" d]
    printf "| %s | %s | %s | %s | %s |\n", s, (a == "" ? "-" : a), d, (b == "" ? "n/a" : b), \
      (a != "" && b != "" ? sprintf("%.2fx", a / b) : "-")
  }
  END {
    print ""
    print "| SDK mode | SDK events/CPU-s | discord.js path | discord.js events/CPU-s | SDK / discord.js |"
    print "|---|---:|---|---:|---:|"
    row("json", "json")
    row("etf", "etf (erlpack.unpack)")
    row("zlib-stream", "zlib-stream (zlib-sync)")
    row("zlib-stream", "zlib-stream (node:zlib stream)")
    row("json raw_dispatch_data", "json")
    row("zlib-stream raw_dispatch_data", "zlib-stream (zlib-sync)")
  }' "$out"
