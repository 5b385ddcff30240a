"""Makes tests/compat/node/node_modules match package-lock.json: runs `npm ci --no-audit --no-fund` when
node_modules is missing or was installed from another lock file (a hash stamp written after each
successful install tells). Serialized with a file lock so parallel CTest runs do not race."""
import fcntl
import hashlib
import os
import shutil
import subprocess
import sys
import tempfile

NODE_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "node")
STAMP = os.path.join(NODE_DIR, "node_modules", ".parley-lock-sha256")


def lock_hash():
    with open(os.path.join(NODE_DIR, "package-lock.json"), "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def ensure(quiet=False):
    """Returns None when node_modules is current; raises RuntimeError with npm's output otherwise."""
    for tool in ("node", "npm"):
        if not shutil.which(tool):
            raise RuntimeError(f"{tool} is not installed (the discord.js suites need Node.js 18+ and npm)")
    # The lock lives outside the tree: npm ci deletes node_modules, and the tree must stay clean.
    lock_path = os.path.join(tempfile.gettempdir(),
                             "parley-npm-ci-" + hashlib.sha256(NODE_DIR.encode()).hexdigest()[:16] + ".lock")
    with open(lock_path, "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        wanted = lock_hash()
        try:
            with open(STAMP) as f:
                if f.read().strip() == wanted:
                    return
        except OSError:
            pass
        if not quiet:
            print("node_deps: node_modules missing or stale, running npm ci", file=sys.stderr, flush=True)
        proc = subprocess.run(["npm", "ci", "--no-audit", "--no-fund"], cwd=NODE_DIR,
                              capture_output=True, text=True, timeout=600)
        if proc.returncode != 0:
            raise RuntimeError(f"npm ci failed ({proc.returncode}):\n{proc.stdout}{proc.stderr}")
        with open(STAMP, "w") as f:
            f.write(wanted + "\n")


if __name__ == "__main__":
    try:
        ensure()
    except RuntimeError as e:
        print(f"node_deps: {e}", file=sys.stderr)
        sys.exit(1)
