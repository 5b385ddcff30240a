"""Nothing acknowledged is lost: registrations that got a 201 survive kill -9 and a restart."""
import signal
import threading
import unittest

from harness import Server


class DurabilityTest(unittest.TestCase):
    def test_acknowledged_registrations_survive_kill_9(self):
        server = Server().start()
        acknowledged, lock, stop = [], threading.Lock(), threading.Event()

        def writer(worker):
            conn = server.connection()
            n = 0
            while not stop.is_set():
                name = f"dur_{worker}_{n}"
                n += 1
                try:
                    status, body, _ = server.request("POST", "/auth/register",
                                                     {"username": name, "password": "correct horse battery"}, conn=conn)
                except OSError:
                    return  # the server died mid-request: that one was never acknowledged
                if status == 201:
                    with lock:
                        acknowledged.append(name)

        threads = [threading.Thread(target=writer, args=(w,)) for w in range(8)]
        for t in threads:
            t.start()
        while True:  # let writes flow, then kill the server while requests are in flight
            with lock:
                if len(acknowledged) >= 150:
                    break
            threads[0].join(0.02)
        server.proc.send_signal(signal.SIGKILL)
        server.proc.wait()
        stop.set()
        for t in threads:
            t.join()
        with lock:
            names = list(acknowledged)

        restarted = Server(data_dir=server.data_dir).start()
        try:
            conn = restarted.connection()
            missing = []
            for name in names:
                status, _, _ = restarted.request("POST", "/auth/login",
                                                 {"login": name, "password": "correct horse battery"}, conn=conn)
                if status != 200:
                    missing.append(name)
            self.assertEqual(missing, [], f"{len(missing)} of {len(names)} acknowledged registrations lost")
        finally:
            restarted.stop()
            import shutil
            shutil.rmtree(server.data_dir, ignore_errors=True)


if __name__ == "__main__":
    unittest.main()
