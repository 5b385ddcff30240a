"""discord.py 2.2 (Debian's python3-discord) against Parley's gateway: login, heartbeats, and two forced
reconnects (TCP drop through a proxy; the client closing itself with 4000) that must resume and replay
every event of the gap exactly once, in order. The scenario is dpy_gateway_scenario.py (run as its own
process, like a real bot); the driver is gateway_suite.py."""
import os
import unittest

from gateway_suite import HERE, GatewaySuite


class DiscordPyGateway(GatewaySuite, unittest.TestCase):
    name = "dpy"

    @classmethod
    def scenario_command(cls):
        return ["/usr/bin/python3", os.path.join(HERE, "dpy_gateway_scenario.py")]


if __name__ == "__main__":
    unittest.main()
