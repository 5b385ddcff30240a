#!/usr/bin/env bash
# Installs the Debian packages Parley needs to build, run and test. Idempotent: when everything is
# present it only runs dpkg-query and returns in well under a second.
# Usage: scripts/install-deps.sh [run|test]   (test adds the test and benchmark tools)
set -euo pipefail

mode=${1:-run}
packages=(
  build-essential cmake ninja-build ccache pkg-config git
  libboost1.81-all-dev libssl-dev libsodium-dev libsqlite3-dev zlib1g-dev libzstd-dev
  libspdlog-dev libfmt-dev libcli11-dev libtomlplusplus-dev libopus-dev libncurses-dev
  libgtest-dev libgmock-dev openssl curl ca-certificates
)
if [[ $mode == test ]]; then
  packages+=(
    clang libclang-rt-14-dev       # libFuzzer targets
    python3 python3-discord        # discord.py compatibility suite (Debian's /usr/bin/python3)
    python3-zstandard              # zstd-stream decoding in the gateway integration suite
    python3-cryptography           # AES-256-GCM voice packets in the voice gateway integration suite
    libbenchmark-dev wrk sqlite3
    chromium                       # browser client end-to-end suite (driven by playwright-core)
    tmux                           # terminal client interactive test
  )
  command -v node >/dev/null || packages+=(nodejs npm)  # discord.js suite (the machine ships Node 20)
fi

missing=()
for p in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null || true)
  [[ $status == installed ]] || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "installing: ${missing[*]}"
  sudo_cmd=()
  [[ $(id -u) == 0 ]] || sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
