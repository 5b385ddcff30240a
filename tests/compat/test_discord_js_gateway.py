"""discord.js 14 against Parley's gateway: login, heartbeats, and two forced reconnects (TCP drop through a
proxy; the client closing with resume recovery) that must resume and replay every event of the gap
exactly once, in order. The scenario is node/gateway_scenario.mjs; the driver is gateway_suite.py."""
import os
import unittest

from gateway_suite import HERE, GatewaySuite
import node_deps


class DiscordJsGateway(GatewaySuite, unittest.TestCase):
    name = "djs"

    @classmethod
    def scenario_command(cls):
        node_deps.ensure(quiet=True)  # no-op when run through run_discord_js.sh
        return ["node", os.path.join(HERE, "node", "gateway_scenario.mjs")]


if __name__ == "__main__":
    unittest.main()
