#!/usr/bin/python3
"""Warm-session command latency through the host socket, against direct spawns from the same client process.

A client in another process and language than the host, as agents are: it speaks docs/protocol.md with the framing
of cordon_client.py (beside this file), starts one offline session per host on a workspace, warms it, then
interleaves each `session.exec` with a direct `subprocess.run` of the same argv from this process (same cwd, the
same extra environment, output discarded). Prints p50/p90 per row, each session row's p50 over the direct p50, the
median of the pairwise ratios, and the issue-13 targets. It asserts nothing: the machine decides the numbers.

    python3 socket_benchmark.py --socket /run/cordon/host.sock --workspace REPO [--runs 200] [--warm 300]
    python3 socket_benchmark.py --host before SOCKET_A REPO_A --host after SOCKET_B REPO_B    # A/B, interleaved

With several --host, each command runs on every host in turn (the order alternating), each followed by a direct
spawn: the hosts and the direct spawns share the machine's load alike. A REPO holding .git also gets a
`git status --porcelain` row (both sides with safe.directory=*, as git refuses a repository owned by another user).
"""

import argparse
import os
import socket
import statistics
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from cordon_client import read_frame, write_frame  # noqa: E402

GIT_SAFE = {"GIT_CONFIG_COUNT": "1", "GIT_CONFIG_KEY_0": "safe.directory", "GIT_CONFIG_VALUE_0": "*"}
TARGETS = {"/bin/true": 1.5, "git status": 1.05}


class Host:
    def __init__(self, label, path, workspace):
        self.label, self.workspace = label, workspace
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.connect(path)
        self.next_id = 0
        self.session = None

    def call(self, method, params):
        self.next_id += 1
        rid = self.next_id
        write_frame(self.sock, {"id": rid, "method": method, "params": params})
        while True:
            frame = read_frame(self.sock)
            if frame is None:
                raise EOFError("the host closed the connection")
            if frame.get("id") != rid:
                continue
            if frame["type"] == "result":
                return frame["result"]
            if frame["type"] == "error":
                raise RuntimeError(frame["error"])

    def exec_ms(self, argv, env):
        start = time.perf_counter_ns()
        result = self.call("session.exec", {"id": self.session, "argv": argv, "commandEnv": env})
        elapsed = (time.perf_counter_ns() - start) / 1e6
        if result["exitCode"] != 0:
            raise RuntimeError("%s exited %s in the session: %r" % (argv, result["exitCode"], result))
        return elapsed


def direct_ms(argv, cwd, env):
    start = time.perf_counter_ns()
    code = subprocess.run(argv, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode
    elapsed = (time.perf_counter_ns() - start) / 1e6
    if code != 0:
        raise RuntimeError("%s exited %s directly" % (argv, code))
    return elapsed


def pct(xs, p):
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(p * len(xs)))]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--socket", help="the host's socket (one host)")
    ap.add_argument("--workspace", help="the session's workspace (one host); default: the current directory")
    ap.add_argument("--host", nargs=3, action="append", metavar=("LABEL", "SOCKET", "WORKSPACE"), default=[],
                    help="a host to compare, repeatable; each needs a workspace of its own (one session per tree)")
    ap.add_argument("--runs", type=int, default=200, help="measured /bin/true runs per host (git status: a quarter)")
    ap.add_argument("--warm", type=int, default=300, help="warm-up /bin/true runs per session")
    a = ap.parse_args()
    specs = [tuple(h) for h in a.host]
    if a.socket:
        specs.insert(0, ("session", a.socket, os.path.abspath(a.workspace or ".")))
    if not specs:
        ap.error("give --socket (and --workspace) or at least one --host")
    hosts = [Host(*s) for s in specs]
    try:
        for h in hosts:
            info = h.call("session.start", {"workspace": h.workspace, "network": "offline"})
            h.session = info["id"]
            print("# %s: session %s, spawn %s" % (h.label, h.session, info.get("spawn")), flush=True)
        load = os.getloadavg()
        print("# load average at start %.2f %.2f %.2f, %d CPUs" % (load + (os.cpu_count(),)), flush=True)
        for h in hosts:
            for _ in range(a.warm):
                h.exec_ms(["/bin/true"], {})
        hello = []
        for _ in range(100):
            start = time.perf_counter_ns()
            hosts[0].call("host.hello", {})
            hello.append((time.perf_counter_ns() - start) / 1e6)
        commands = [("/bin/true", ["/bin/true"], a.runs)]
        if all(os.path.isdir(os.path.join(h.workspace, ".git")) for h in hosts):
            commands.append(("git status", ["git", "status", "--porcelain"], max(30, a.runs // 4)))
        env = dict(os.environ, **GIT_SAFE)
        for name, argv, runs in commands:
            for h in hosts:  # one untimed run each: git refreshes its index once after a session lent the tree
                h.exec_ms(argv, GIT_SAFE)
                direct_ms(argv, h.workspace, env)
            session = {h.label: [] for h in hosts}
            direct = {h.label: [] for h in hosts}
            for i in range(runs):
                order = hosts if i % 2 == 0 else hosts[::-1]
                for h in order:
                    session[h.label].append(h.exec_ms(argv, GIT_SAFE))
                    direct[h.label].append(direct_ms(argv, h.workspace, env))
            load = os.getloadavg()[0]
            print("\n## %s: %d runs per row, interleaved; load average %.2f at the end" % (name, runs, load))
            print("%-28s %9s %9s %10s %12s %8s" % ("row", "p50 ms", "p90 ms", "p50/direct", "paired med.", "target"))
            for h in hosts:
                s, d = session[h.label], direct[h.label]
                ratio = statistics.median(s) / statistics.median(d)
                paired = statistics.median(x / y for x, y in zip(s, d))
                target = TARGETS.get(name)
                verdict = "" if target is None else ("<= %.2fx %s" % (target, "met" if ratio <= target else "NOT met"))
                print("%-28s %9.2f %9.2f %9.2fx %11.2fx   %s" % ("%s: session.exec" % h.label, statistics.median(s),
                                                                pct(s, .9), ratio, paired, verdict))
                print("%-28s %9.2f %9.2f %9.2fx" % ("%s: direct spawn" % h.label, statistics.median(d), pct(d, .9), 1.0))
        print("\nhost.hello round trip: p50 %.3f ms, p90 %.3f ms" % (statistics.median(hello), pct(hello, .9)))
    finally:
        for h in hosts:
            if h.session:
                try:
                    h.call("session.stop", {"id": h.session})
                except (RuntimeError, OSError) as e:
                    print("stopping %s's session failed: %s" % (h.label, e), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
