#!/usr/bin/env python3
"""A flaky HTTP tile server on 127.0.0.1 for the soak test (scripts/soak.sh, bench/README.md).

Serves a baked tile directory (tiles.json and {z}/{x}/{y}.png) and misbehaves on a fixed share of
tile requests, chosen by a seeded random generator, so that runs are comparable:

  delay      answers after 0.2-1.5 s
  stall      holds the connection 30 s without a byte, then closes it
  drop       closes the connection without answering
  503        Service Unavailable
  corrupt    200 with bytes that are not a PNG
  truncated  a Content-Length of the whole tile, half of it sent, then closed

tiles.json is always served whole. Prints "listening on PORT" once ready and a count of each
behaviour on SIGTERM or Ctrl+C.

usage: flaky_tile_server.py DIR [--port N] [--seed N] [--rate R]
       (--rate: the share of tile requests that misbehave, default 0.2)
"""
import argparse
import http.server
import os
import random
import signal
import socketserver
import sys
import threading
import time

BEHAVIOURS = ["delay", "stall", "drop", "503", "corrupt", "truncated"]
WEIGHTS = [40, 5, 15, 15, 15, 10]


def main():
    parser = argparse.ArgumentParser(description="a flaky tile server for the soak test")
    parser.add_argument("dir")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--seed", type=int, default=1939)
    parser.add_argument("--rate", type=float, default=0.2)
    args = parser.parse_args()
    root = os.path.abspath(args.dir)
    if not os.path.isfile(os.path.join(root, "tiles.json")):
        sys.exit(f"flaky_tile_server: {root}/tiles.json: no such file (bake tiles first: ./run.sh)")

    rng = random.Random(args.seed)
    lock = threading.Lock()
    counts = {name: 0 for name in ["normal"] + BEHAVIOURS}
    stopping = threading.Event()

    def choose():
        with lock:
            name = rng.choices(BEHAVIOURS, WEIGHTS)[0] if rng.random() < args.rate else "normal"
            counts[name] += 1
            return name, rng.random()

    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *_):
            pass

        def send_bytes(self, status, body, content_type="image/png", send=None):
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Connection", "close")
            self.end_headers()
            self.wfile.write(body if send is None else body[:send])
            self.close_connection = True

        def do_GET(self):
            path = os.path.normpath(self.path.split("?")[0]).lstrip("/")
            file = os.path.join(root, path)
            if not file.startswith(root + os.sep) or not os.path.isfile(file):
                self.send_bytes(404, b"not found", "text/plain")
                return
            with open(file, "rb") as f:
                body = f.read()
            if path == "tiles.json":
                self.send_bytes(200, body, "application/json")
                return
            behaviour, r = choose()
            if behaviour == "delay":
                stopping.wait(0.2 + 1.3 * r)
            elif behaviour == "stall":
                stopping.wait(30)
                self.close_connection = True
                return
            elif behaviour == "drop":
                self.close_connection = True
                return
            elif behaviour == "503":
                self.send_bytes(503, b"busy", "text/plain")
                return
            elif behaviour == "corrupt":
                self.send_bytes(200, bytes(rng.getrandbits(8) for _ in range(len(body) // 4 + 1)))
                return
            elif behaviour == "truncated":
                self.send_bytes(200, body, send=len(body) // 2)
                return
            self.send_bytes(200, body)

    class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
        daemon_threads = True
        allow_reuse_address = True

    server = Server(("127.0.0.1", args.port), Handler)

    def stop(*_):
        stopping.set()
        threading.Thread(target=server.shutdown).start()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    print(f"listening on {server.server_address[1]}", flush=True)
    server.serve_forever()
    print("flaky_tile_server: " + ", ".join(f"{k} {v}" for k, v in counts.items()), file=sys.stderr, flush=True)


if __name__ == "__main__":
    main()
