"""Starts moto's server on 127.0.0.1 on a port the OS picks, prints `MOTO_PORT <port>` once it
accepts connections, and stops when standard input closes (the Rust test's guard closes it, or
kills this process). Prints `MOTO_UNAVAILABLE <reason>` and exits 3 when moto is not installed."""

import logging
import sys

try:
    from moto.server import ThreadedMotoServer
except ImportError as error:
    print(f"MOTO_UNAVAILABLE {error}", flush=True)
    sys.exit(3)

# One log line per request would drown the test output; errors still show.
logging.getLogger("werkzeug").setLevel(logging.ERROR)

server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
server.start()
print(f"MOTO_PORT {server.get_host_and_port()[1]}", flush=True)
sys.stdin.read()
server.stop()
