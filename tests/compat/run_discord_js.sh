#!/bin/sh
# CTest entry of the discord.js suites: brings tests/compat/node/node_modules up to date with
# package-lock.json (npm ci, only when missing or stale), then runs the given unittest file(s).
set -e
cd "$(dirname "$0")"
/usr/bin/python3 node_deps.py
exec /usr/bin/python3 -m unittest -v "$@"
