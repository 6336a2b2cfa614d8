#!/usr/bin/python3
"""A minimal client for the Cordon host protocol (docs/protocol.md), using only the Python standard library.

    python3 cordon_client.py --socket /run/cordon/cordon.sock hello
    python3 cordon_client.py --socket /run/cordon/cordon.sock call METHOD --params '{"key": "value"}'

Prints the result as JSON on stdout (events of `call` first, one JSON line each). An error frame is printed as
`cordon: MESSAGE` and `Fix: FIX` on stderr, and the exit status is its code (e.g. 5 for forbidden, 77 for needs_root).
"""

import argparse
import json
import socket
import struct
import sys

PROTOCOL_VERSION = 1
MAX_FRAME_BYTES = 1 << 20
EXIT_NOT_SET_UP = 4
EXIT_UNAVAILABLE = 69
EXIT_NEEDS_ROOT = 77


class ProtocolError(Exception):
    pass


def read_exactly(sock, n):
    """n bytes, or fewer only if the stream ended."""
    chunks = []
    while n > 0:
        chunk = sock.recv(n)
        if not chunk:
            break
        chunks.append(chunk)
        n -= len(chunk)
    return b"".join(chunks)


def read_frame(sock):
    """The next frame as a dict, or None at a clean end of stream."""
    header = read_exactly(sock, 4)
    if not header:
        return None
    if len(header) < 4:
        raise ProtocolError("the stream ended inside a frame length")
    (length,) = struct.unpack(">I", header)  # 4-byte big-endian unsigned
    if length == 0 or length > MAX_FRAME_BYTES:
        raise ProtocolError("bad frame length %d" % length)
    body = read_exactly(sock, length)
    if len(body) < length:
        raise ProtocolError("the stream ended inside a frame")
    frame = json.loads(body.decode("utf-8"))
    if not isinstance(frame, dict) or frame.get("v") != PROTOCOL_VERSION:
        raise ProtocolError("not a version %d frame: %r" % (PROTOCOL_VERSION, frame))
    return frame


def write_frame(sock, message):
    body = json.dumps(dict(message, v=PROTOCOL_VERSION), separators=(",", ":")).encode("utf-8")
    sock.sendall(struct.pack(">I", len(body)) + body)


def report_error(error):
    print("cordon: %s" % error.get("message"), file=sys.stderr)
    if error.get("fix"):
        print("Fix: %s" % error["fix"], file=sys.stderr)
    return int(error.get("code", EXIT_UNAVAILABLE))


def call(sock, request_id, method, params):
    """Sends one request, prints its events and result; returns the exit status."""
    try:
        write_frame(sock, {"id": request_id, "method": method, "params": params})
    except (BrokenPipeError, ConnectionResetError):
        pass  # the host may have refused us and closed; its reason is still waiting in our receive buffer
    while True:
        try:
            frame = read_frame(sock)
        except ConnectionResetError:
            frame = None
        if frame is None:
            print("cordon: the host closed the connection before answering", file=sys.stderr)
            return EXIT_UNAVAILABLE
        if frame.get("type") == "error" and frame.get("id") is None:
            return report_error(frame["error"])  # about the connection itself, e.g. a refused peer
        if frame.get("id") != request_id:
            continue
        if frame["type"] == "event":
            print(json.dumps({"event": frame["event"], "data": frame["data"]}, sort_keys=True), flush=True)
        elif frame["type"] == "result":
            print(json.dumps(frame["result"], indent=2, sort_keys=True))
            return 0
        elif frame["type"] == "error":
            return report_error(frame["error"])


def main():
    parser = argparse.ArgumentParser(description="Talk to a Cordon host over its Unix socket.")
    parser.add_argument("--socket", required=True, help="path of the host's socket")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("hello", help="send host.hello and print the result")
    call_parser = commands.add_parser("call", help="send one request and print its events and result")
    call_parser.add_argument("method")
    call_parser.add_argument("--params", default="{}", help="the request's params as a JSON object")
    args = parser.parse_args()

    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        sock.connect(args.socket)
    except (FileNotFoundError, ConnectionRefusedError):
        print("cordon: no Cordon host is listening at %s" % args.socket, file=sys.stderr)
        print("Fix: start it: `sudo cordon serve`.", file=sys.stderr)
        return EXIT_NOT_SET_UP
    except PermissionError:
        print("cordon: permission denied connecting to %s: only root and members of the socket's group may"
              % args.socket, file=sys.stderr)
        print("Fix: have an administrator add you to that group (`usermod -aG GROUP USER`), then log in again.",
              file=sys.stderr)
        return EXIT_NEEDS_ROOT
    with sock:
        try:
            if args.command == "hello":
                return call(sock, 1, "host.hello", {})
            return call(sock, 1, args.method, json.loads(args.params))
        except ProtocolError as e:
            print("cordon: the host sent a bad frame: %s" % e, file=sys.stderr)
            return EXIT_UNAVAILABLE


if __name__ == "__main__":
    sys.exit(main())
