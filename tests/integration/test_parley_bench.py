"""parley-bench (bench/parley_bench, issue 6 item 5) against a real parleyd: 50 gateway sessions of one
account on the SDK core, 20 USER_UPDATE fan-out events through PATCH /users/@me, closed loop and open
loop; the JSON result must show every session identified, every delivery received exactly once,
latency percentiles and the server's CPU time. The receive-ceiling pair (parley-bench sink + gateway
--trigger sink) must deliver every event too. The binary comes from $PARLEY_BENCH (set by CTest)."""
import json
import os
import socket
import subprocess
import unittest

from harness import ServerTestCase

SESSIONS = 50
EVENTS = 20
# /proc/<pid>/stat counts CPU in 10 ms ticks: 1,000 deliveries may cost the server less than one tick,
# so the run that asserts server CPU > 0 sends more events.
CPU_EVENTS = 300


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class ParleyBenchTests(ServerTestCase):
    server_args = ("--rate-limit", "off")

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.bench = os.environ.get("PARLEY_BENCH")
        if not cls.bench:
            raise RuntimeError("PARLEY_BENCH must name the parley-bench binary")

    def run_bench(self, *args, timeout=120):
        proc = subprocess.run([self.bench, *args], capture_output=True, text=True, timeout=timeout)
        lines = [line for line in proc.stdout.splitlines() if line.strip()]
        self.assertEqual(len(lines), 1, f"stdout: {proc.stdout}\nstderr: {proc.stderr}")
        return proc.returncode, json.loads(lines[0]), proc.stderr

    def gateway_run(self, token_file, *extra, events=EVENTS):
        return self.run_bench("gateway", "--port", str(self.server.port), "--tokens", token_file,
                              "-n", str(SESSIONS), "--events", str(events), "--server-pid", str(self.server.proc.pid),
                              "--idle-seconds", "0.5", "--setup-timeout", "60", "--fanout-timeout", "60", *extra)

    def check_fanout(self, result, stderr, events=EVENTS):
        self.assertTrue(result["ok"], stderr)
        self.assertEqual(result["identified"], SESSIONS)
        self.assertEqual(result["dead"], 0)
        self.assertGreater(result["identify_per_s"], 0)
        f = result["fanout"]
        self.assertEqual(f["receivers"], SESSIONS)
        self.assertEqual(f["events_sent"], events)
        self.assertEqual(f["deliveries"], SESSIONS * events)
        self.assertEqual(f["expected"], SESSIONS * events)
        self.assertEqual(f["duplicates"], 0)
        self.assertEqual(f["trigger_errors"], 0)
        for key in ("lat_p50_us", "lat_p90_us", "lat_p99_us", "lat_max_us"):
            self.assertIsInstance(f[key], int, key)
        self.assertGreater(f["lat_max_us"], 0)
        self.assertLessEqual(f["lat_p50_us"], f["lat_p99_us"])
        self.assertLessEqual(f["lat_p99_us"], f["lat_max_us"])
        self.assertGreater(f["deliveries_per_s"], 0)
        self.assertIsNotNone(f["server_cpu_s"])
        self.assertGreaterEqual(f["server_cpu_s"], 0)
        if events >= CPU_EVENTS:
            self.assertGreater(f["server_cpu_s"], 0)
            self.assertGreater(f["deliveries_per_server_cpu_s"], 0)
        self.assertIsNotNone(result["rss_idle_kib"])

    def token_file(self, name):
        token = self.server.register(name)
        path = os.path.join(self.server.data_dir, name + ".tokens")
        with open(path, "w") as f:
            f.write(token + "\n")
        return path

    def test_closed_loop_fanout_against_parleyd(self):
        rc, result, stderr = self.gateway_run(self.token_file("bench_closed"), "--window", "8", "--trigger-conns", "8",
                                              "--label", "it-closed", events=CPU_EVENTS)
        self.assertEqual(rc, 0, stderr)
        self.assertEqual(result["label"], "it-closed")
        self.assertEqual(result["fanout"]["mode"], "window")
        self.assertEqual(result["fanout"]["window"], 8)
        self.check_fanout(result, stderr, events=CPU_EVENTS)
        self.assertIn("deliveries/s", stderr)  # the human-readable summary

    def test_open_loop_fanout_with_zlib_stream(self):
        rc, result, stderr = self.gateway_run(self.token_file("bench_open"), "--rate", "40", "--compress", "zlib-stream")
        self.assertEqual(rc, 0, stderr)
        self.assertEqual(result["compress"], "zlib-stream")
        self.assertEqual(result["fanout"]["mode"], "rate")
        self.check_fanout(result, stderr)

    def test_decoded_dispatches_give_the_same_counts(self):
        rc, result, stderr = self.gateway_run(self.token_file("bench_decoded"), "--decode-dispatches")
        self.assertEqual(rc, 0, stderr)
        self.check_fanout(result, stderr)

    def test_shards_merge_into_one_result(self):
        tokens = self.token_file("bench_shards")
        sync = os.path.join(self.server.data_dir, "sync")
        os.mkdir(sync)
        common = ["gateway", "--port", str(self.server.port), "--tokens", tokens, "-n", str(SESSIONS),
                  "--events", str(EVENTS), "--server-pid", str(self.server.proc.pid), "--idle-seconds", "0.5",
                  "--sync-dir", sync, "--src-ips", "2", "-q"]
        procs = [subprocess.Popen([self.bench, *common, "--shard", f"{i}/2"], stdout=subprocess.PIPE,
                                  stderr=subprocess.PIPE, text=True) for i in range(2)]
        outputs = [p.communicate(timeout=120) for p in procs]
        for p, (_, err) in zip(procs, outputs):
            self.assertEqual(p.returncode, 0, err)
        merged = subprocess.run([self.bench, "merge"], input="".join(out for out, _ in outputs), capture_output=True,
                                text=True, timeout=30)
        self.assertEqual(merged.returncode, 0, merged.stderr)
        result = json.loads(merged.stdout)
        self.assertEqual(result["shard_count"], 2)
        self.check_fanout(result, merged.stderr)


class ReceiveCeilingTests(unittest.TestCase):
    def test_sink_blast_is_received_completely(self):
        bench = os.environ["PARLEY_BENCH"]
        port = free_port()
        sink = subprocess.Popen([bench, "sink", "--port", str(port), "--events", "200", "--batch", "4", "-q"],
                                stderr=subprocess.DEVNULL)
        try:
            for _ in range(100):
                try:
                    socket.create_connection(("127.0.0.1", port), timeout=1).close()
                    break
                except OSError:
                    subprocess.run(["sleep", "0.05"])
            proc = subprocess.run([bench, "gateway", "--port", str(port), "--trigger", "sink", "-n", "100", "--events", "200",
                                   "--idle-seconds", "0", "--server-pid", str(sink.pid), "-q"],
                                  capture_output=True, text=True, timeout=120)
            self.assertEqual(proc.returncode, 0, proc.stderr)
            result = json.loads(proc.stdout)
            self.assertTrue(result["ok"])
            self.assertEqual(result["fanout"]["deliveries"], 100 * 200)
            self.assertEqual(result["fanout"]["duplicates"], 0)
            self.assertGreater(result["fanout"]["loadgen_cpu_s"], 0)
            self.assertEqual(sink.wait(timeout=30), 0)  # it exits once every session has closed
        finally:
            if sink.poll() is None:
                sink.kill()
                sink.wait()


if __name__ == "__main__":
    unittest.main()
