"""Runs a Node.js script of the browser suite (default: e2e_scenario.mjs) after making node_modules match
package-lock.json (`npm ci`, as tests/compat/node_deps.py does for the discord.js suites; a lock-hash stamp
skips it when current). CTest passes PARLEYD and SCREENSHOT_DIR through the environment."""
import fcntl
import hashlib
import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
STAMP = os.path.join(HERE, "node_modules", ".parley-lock-sha256")


def ensure_node_modules():
    for tool in ("node", "npm"):
        if not shutil.which(tool):
            raise RuntimeError(f"{tool} is not installed (the browser suite needs Node.js 20+ and npm)")
    if not os.path.exists("/usr/bin/chromium"):
        raise RuntimeError("/usr/bin/chromium is missing (Debian package chromium; scripts/install-deps.sh test)")
    with open(os.path.join(HERE, "package-lock.json"), "rb") as f:
        wanted = hashlib.sha256(f.read()).hexdigest()
    # The lock lives outside the tree: npm ci deletes node_modules, and the tree must stay clean.
    lock_path = os.path.join(tempfile.gettempdir(), "parley-npm-ci-" + hashlib.sha256(HERE.encode()).hexdigest()[:16] + ".lock")
    with open(lock_path, "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            with open(STAMP) as f:
                if f.read().strip() == wanted:
                    return
        except OSError:
            pass
        print("run_e2e: node_modules missing or stale, running npm ci", file=sys.stderr, flush=True)
        proc = subprocess.run(["npm", "ci", "--no-audit", "--no-fund"], cwd=HERE, capture_output=True, text=True, timeout=600)
        if proc.returncode != 0:
            raise RuntimeError(f"npm ci failed ({proc.returncode}):\n{proc.stdout}{proc.stderr}")
        with open(STAMP, "w") as f:
            f.write(wanted + "\n")


def main():
    script = sys.argv[1] if len(sys.argv) > 1 else "e2e_scenario.mjs"
    try:
        ensure_node_modules()
    except RuntimeError as e:
        print(f"run_e2e: {e}", file=sys.stderr)
        return 1
    return subprocess.run(["node", os.path.join(HERE, script), *sys.argv[2:]], cwd=HERE).returncode


if __name__ == "__main__":
    sys.exit(main())
