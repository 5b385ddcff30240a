"""Shared driver of the real-client gateway suites (test_discord_js_gateway.py, test_discord_py_gateway.py).

Starts tcp_proxy.py, then parleyd with a short heartbeat interval and --public-url pointing at the proxy
(so the gateway URL and READY.resume_gateway_url both lead through it), creates a bot, runs one library's
scenario script once (it cuts connections through the proxy's control port and produces events over
REST during each gap) and checks the RESULT it prints. REST goes straight to the server.
"""
import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "integration"))
sys.path.insert(0, HERE)
from harness import Server  # noqa: E402
from tcp_proxy import ProxyThread  # noqa: E402

HEARTBEAT_MS = 2000
GAP_EVENTS = 5


class GatewaySuite:
    """Mixin for unittest.TestCase; subclasses set `name` and implement scenario_command()."""
    name = None
    bot_flags = 0

    @classmethod
    def scenario_command(cls):
        raise NotImplementedError

    @classmethod
    def setUpClass(cls):
        cls.proxy = ProxyThread(verbose=bool(os.environ.get("PARLEY_DEBUG"))).start()
        cls.server = None
        try:
            cls.server = Server("--heartbeat-interval", str(HEARTBEAT_MS), public_url=cls.proxy.url).start()
            cls.proxy.set_target(cls.server.host, cls.server.port)
            owner = cls.server.register(f"{cls.name}_owner")
            cls.app, cls.token = cls.server.create_bot(owner, f"{cls.name} gateway bot", flags=cls.bot_flags)
            cls.run_scenario()
        except BaseException:
            cls.tearDownClass()
            raise

    @classmethod
    def tearDownClass(cls):
        reports = []
        if cls.server:
            rc = cls.server.stop()
            # With -DPARLEY_SANITIZE=ON a sanitizer finding (UBSan continues, LeakSanitizer reports at
            # exit) would otherwise go unnoticed in the server log.
            reports = [line for line in cls.server.log
                       if "AddressSanitizer" in line or "LeakSanitizer" in line or "runtime error:" in line]
            if rc not in (0, None):
                print(f"note: parleyd exited with {rc} on SIGTERM", file=sys.stderr)
            cls.server.cleanup()
        cls.proxy.stop()
        if reports:
            raise AssertionError("sanitizer report in the parleyd log:\n" + "".join(reports[:20]))

    @classmethod
    def run_scenario(cls):
        env = dict(os.environ,
                   PARLEY_URL=cls.server.direct_url,
                   PARLEY_BOT_TOKEN=cls.token,
                   PARLEY_BOT_ID=cls.app["id"],
                   PARLEY_PROXY_CONTROL=f"127.0.0.1:{cls.proxy.control_port}",
                   PARLEY_HEARTBEAT_MS=str(HEARTBEAT_MS),
                   PARLEY_GAP_EVENTS=str(GAP_EVENTS),
                   PARLEY_SCENARIO_TIMEOUT="150")
        try:
            proc = subprocess.run(cls.scenario_command(), env=env, capture_output=True, text=True, timeout=200)
            cls.returncode, cls.output = proc.returncode, proc.stdout + proc.stderr
        except subprocess.TimeoutExpired as e:
            cls.returncode = None
            cls.output = (e.stdout or b"").decode(errors="replace") + (e.stderr or b"").decode(errors="replace")
        cls.result = None
        for line in cls.output.splitlines():
            if line.startswith("RESULT "):
                cls.result = json.loads(line[len("RESULT "):])
        cls.proxy_stats = cls.proxy.stats()
        if os.environ.get("PARLEY_DEBUG") or cls.returncode != 0:
            print(f"\n----- {cls.name} scenario output -----\n{cls.output}"
                  f"----- parleyd log (last 60 lines) -----\n{''.join(cls.server.log[-60:])}", file=sys.stderr)

    # --- checks ---------------------------------------------------------------------------------
    def res(self):
        self.assertIsNotNone(self.result, f"the scenario printed no RESULT line (exit {self.returncode}):\n{self.output[-4000:]}")
        return self.result

    def test_scenario_passed(self):
        r = self.res()
        self.assertEqual(r["failures"], [], "\n".join(r["failures"]))
        self.assertEqual(self.returncode, 0)
        self.assertEqual(r["steps_done"], ["login", "heartbeats", "live", "tcp_drop", "client_close", "sequences"])

    def test_identified_once_and_got_one_ready(self):
        r = self.res()
        self.assertEqual(r["identify_sent"], 1)
        self.assertEqual(r["gateway_ready"], 1)

    def test_heartbeats_acknowledged(self):
        self.assertGreaterEqual(self.res()["heartbeat_acks"], 3)

    def test_live_user_update_delivered(self):
        self.assertIn("live-1", [u["global_name"] for u in self.res()["user_updates"]])

    def check_gap(self, phase, prefix):
        r = self.res()
        self.assertIn(phase, r["phases"], f"phase {phase} did not run: {r['failures']}")
        p = r["phases"][phase]
        self.assertEqual(p["expected"], [f"{prefix}-{i}" for i in range(1, GAP_EVENTS + 1)])
        self.assertEqual(p["received"], p["expected"], "every event of the gap, exactly once, in order")

    def test_resume_after_tcp_drop_replays_the_gap(self):
        self.check_gap("tcp_drop", "drop")

    def test_resume_after_client_close_replays_the_gap(self):
        self.check_gap("client_close", "close")

    def test_both_reconnects_were_resumes(self):
        r = self.res()
        self.assertEqual(r["resume_sent"], 2)
        self.assertEqual(r["resumed_events"], 2)
        self.assertEqual(r["invalid_sessions"], 0)

    def test_sequence_numbers_contiguous(self):
        seqs = self.res()["sequences"]
        self.assertTrue(seqs)
        self.assertEqual(seqs, list(range(1, len(seqs) + 1)))

    def test_proxy_saw_exactly_three_gateway_connections(self):
        # initial connect, resume after the drop, resume after the client's close
        self.assertEqual(self.proxy_stats["accepted"], 3, self.proxy_stats)
