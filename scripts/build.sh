#!/usr/bin/env bash
# Configures and builds one of the project's build trees under build/<name>.
# Usage: scripts/build.sh release|asan|fuzz [ninja targets...]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
name=$1; shift

# ccache: share hits between clones (CI builds a fresh clone on this same machine).
export CCACHE_BASEDIR=$root CCACHE_NOHASHDIR=1 CCACHE_SLOPPINESS=pch_defines,time_macros
export CCACHE_MAXSIZE=${CCACHE_MAXSIZE:-8G}

werror=OFF
[[ ${CI:-} == true || ${PARLEY_WERROR:-} == 1 ]] && werror=ON
case $name in
  release) args=(-DCMAKE_BUILD_TYPE=Release) ;;
  asan)    args=(-DCMAKE_BUILD_TYPE=Debug -DPARLEY_SANITIZE=ON -DCMAKE_CXX_FLAGS_DEBUG="-O1 -g") ;;
  fuzz)    args=(-DCMAKE_BUILD_TYPE=Debug -DPARLEY_FUZZ=ON -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++
                 -DCMAKE_CXX_FLAGS_DEBUG="-O1 -g") ;;
  *) echo "unknown build $name" >&2; exit 2 ;;
esac
cmake -S "$root" -B "$root/build/$name" -G Ninja -DPARLEY_WERROR=$werror "${args[@]}" >/dev/null
cmake --build "$root/build/$name" -- "$@"
