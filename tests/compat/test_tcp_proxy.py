"""Unit test of tcp_proxy.py (the connection-cutting proxy the gateway compat suites rely on),
against a plain TCP echo server: forwarding, HOLD/RELEASE, CUT fin/rst, and the control port."""
import asyncio
import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(__file__))
from tcp_proxy import TcpProxy, control  # noqa: E402


class EchoServer:
    def __init__(self):
        self.connections = 0
        self.eofs = 0
        self.close_after = None  # bytes: close the connection gracefully after echoing this

    async def start(self):
        self.server = await asyncio.start_server(self._on_client, "127.0.0.1", 0)
        self.port = self.server.sockets[0].getsockname()[1]
        return self

    async def _on_client(self, reader, writer):
        self.connections += 1
        try:
            while True:
                data = await reader.read(65536)
                if not data:
                    self.eofs += 1
                    break
                writer.write(data)
                await writer.drain()
                if self.close_after is not None and data.endswith(self.close_after):
                    break
        except ConnectionError:
            self.eofs += 1
        finally:
            writer.close()

    async def stop(self):
        self.server.close()
        await self.server.wait_closed()


async def read_exactly(reader, n, timeout=5):
    return await asyncio.wait_for(reader.readexactly(n), timeout)


class TcpProxyTest(unittest.IsolatedAsyncioTestCase):
    async def asyncSetUp(self):
        self.echo = await EchoServer().start()
        self.proxy = await TcpProxy(("127.0.0.1", self.echo.port)).start()

    async def asyncTearDown(self):
        await self.proxy.stop()
        await self.echo.stop()

    async def connect(self):
        return await asyncio.open_connection("127.0.0.1", self.proxy.port)

    async def ctl(self, command):
        return await control("127.0.0.1", self.proxy.control_port, command)

    async def test_forwards_both_ways_including_large_payloads(self):
        r, w = await self.connect()
        w.write(b"hello")
        self.assertEqual(await read_exactly(r, 5), b"hello")
        big = os.urandom(3 * 1024 * 1024)
        w.write(big)
        got = await read_exactly(r, len(big), timeout=20)
        self.assertEqual(got, big)
        w.close()
        stats = await self.ctl("STATS")
        self.assertEqual(stats["accepted"], 1)
        self.assertEqual(stats["forwarded"], 1)

    async def test_cut_fin_closes_both_sides_without_error_and_new_connections_work(self):
        r, w = await self.connect()
        w.write(b"x")
        await read_exactly(r, 1)
        answer = await self.ctl("CUT fin")
        self.assertEqual(answer["cut"], 1)
        self.assertEqual(await asyncio.wait_for(r.read(10), 5), b"")  # plain EOF, no reset
        for _ in range(100):
            if self.echo.eofs == 1:
                break
            await asyncio.sleep(0.01)
        self.assertEqual(self.echo.eofs, 1, "upstream side must be closed too")
        w.close()
        r2, w2 = await self.connect()
        w2.write(b"again")
        self.assertEqual(await read_exactly(r2, 5), b"again")
        w2.close()
        self.assertEqual((await self.ctl("STATS"))["cut"], 1)

    async def test_cut_rst_resets_the_client(self):
        r, w = await self.connect()
        w.write(b"x")
        await read_exactly(r, 1)
        await self.ctl("CUT rst")
        # A reset, not an orderly EOF (the fin variant above gets b"" here).
        with self.assertRaises(ConnectionResetError):
            await asyncio.wait_for(r.read(10), 5)
        w.close()

    async def test_hold_delays_new_connections_until_release_and_keeps_their_bytes(self):
        r1, w1 = await self.connect()
        await self.ctl("HOLD")
        r2, w2 = await self.connect()  # the TCP connect itself succeeds (no refusal)
        w2.write(b"sent while held")
        await self.ctl("WAIT_HELD 1 5")
        with self.assertRaises(asyncio.TimeoutError):
            await asyncio.wait_for(r2.read(1), 0.3)
        self.assertEqual(self.echo.connections, 1)
        # An existing connection is not affected by HOLD.
        w1.write(b"old")
        self.assertEqual(await read_exactly(r1, 3), b"old")
        stats = await self.ctl("RELEASE")
        self.assertFalse(stats["holding"])
        self.assertEqual(await read_exactly(r2, 15), b"sent while held")
        self.assertEqual((await self.ctl("STATS"))["held"], 0)
        w1.close()
        w2.close()

    async def test_blackhole_discards_server_bytes_on_open_connections_only(self):
        r1, w1 = await self.connect()
        w1.write(b"a")
        self.assertEqual(await read_exactly(r1, 1), b"a")
        self.assertEqual((await self.ctl("BLACKHOLE"))["blackholed"], 1)
        w1.write(b"lost")  # reaches the echo server, whose answer is swallowed
        with self.assertRaises(asyncio.TimeoutError):
            await asyncio.wait_for(r1.read(1), 0.3)
        r2, w2 = await self.connect()  # a new connection is not affected
        w2.write(b"new")
        self.assertEqual(await read_exactly(r2, 3), b"new")
        await self.ctl("CUT")
        self.assertEqual(await asyncio.wait_for(r1.read(10), 5), b"", "nothing of the swallowed bytes arrives")
        w1.close()
        w2.close()

    async def test_cut_also_drops_held_connections(self):
        await self.ctl("HOLD")
        r, w = await self.connect()
        await self.ctl("WAIT_HELD 1 5")
        self.assertEqual((await self.ctl("CUT"))["cut"], 1)
        self.assertEqual(await asyncio.wait_for(r.read(10), 5), b"")
        await self.ctl("RELEASE")
        await asyncio.sleep(0.1)
        self.assertEqual(self.echo.connections, 0, "a cut held connection must never reach upstream")
        w.close()

    async def test_upstream_close_reaches_the_client_after_its_data(self):
        self.echo.close_after = b"bye"
        r, w = await self.connect()
        w.write(b"bye")
        self.assertEqual(await read_exactly(r, 3), b"bye")
        self.assertEqual(await asyncio.wait_for(r.read(10), 5), b"")
        w.close()

    async def test_without_target_connections_wait_until_one_is_set(self):
        proxy = await TcpProxy().start()
        try:
            r, w = await asyncio.open_connection("127.0.0.1", proxy.port)
            w.write(b"early")
            await control("127.0.0.1", proxy.control_port, "WAIT_HELD 1 5")
            await control("127.0.0.1", proxy.control_port, f"TARGET 127.0.0.1:{self.echo.port}")
            self.assertEqual(await read_exactly(r, 5), b"early")
            w.close()
        finally:
            await proxy.stop()

    async def test_control_errors(self):
        with self.assertRaisesRegex(RuntimeError, "unknown command"):
            await self.ctl("FROB")
        with self.assertRaisesRegex(RuntimeError, "fin or rst"):
            await self.ctl("CUT gently")
        with self.assertRaisesRegex(RuntimeError, "timeout"):
            await self.ctl("WAIT_HELD 1 0.2")


if __name__ == "__main__":
    unittest.main()
