#!/usr/bin/python3
"""Why `git status` is slower in a session under load: the same command placed as the session's commands are.

An experiment beside socket_benchmark.py (issue 13, part 2). A session's command differs from a direct spawn of the
client in where the kernel puts it: the runner starts under `setsid`, so its commands share an autogroup of their
own (CFS gives each autogroup of the root cpu cgroup an equal share, whatever its number of threads), and they are
charged to a v1 memory cgroup of the session. This runs `git status --porcelain` in a 5,000-file tree, interleaved,
from one client, as:

  direct           subprocess.run from this client (its autogroup, its memory cgroup)
  new-session      subprocess.run with setsid() in the child: a fresh autogroup for each command
  helper           a long-lived helper process of this client's session runs it on request (the helper's hop, the
                   control for the next rows)
  helper-setsid    the same helper started under setsid: one long-lived autogroup of its own, as the runner's
  helper-memcg     the setsid helper moved into a fresh v1 memory cgroup first, as the session's commands are
  session          session.exec through a running host (--socket), when given
  and with --socket, each through one more program (its control row pays that exec too):
  setpriv-root     setpriv as root (the control)
  as-user          setpriv with the runner's uid, gid and groups, --no-new-privs: the sandbox account and the
                   workspace's ACL grant, no mount namespace, Landlock or seccomp
  mount-ns         nsenter into the runner's mount namespace, as root
  user+mount-ns    both

Prints p50/p90 and each row's p50 over the direct p50. Run as root (memory cgroup); asserts nothing.

    python3 git_status_placement.py --repo REPO [--socket /run/NAME-cordon/host.sock] [--runs 60]
"""

import argparse
import os
import statistics
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from socket_benchmark import GIT_SAFE, Host, direct_ms, pct  # noqa: E402

ARGV = ["git", "status", "--porcelain"]
HELPER = r"""
import subprocess, sys
argv, cwd = sys.argv[1:], None
for line in sys.stdin:
    cwd = line.strip()
    subprocess.run(argv, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    sys.stdout.write("ok\n")
    sys.stdout.flush()
"""


class Helper:
    def __init__(self, env, new_session, memcg=None):
        self.p = subprocess.Popen([sys.executable, "-c", HELPER] + ARGV, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                  env=env, start_new_session=new_session, text=True)
        self.memcg = memcg
        if memcg:
            os.makedirs(memcg, exist_ok=True)
            with open(os.path.join(memcg, "cgroup.procs"), "w") as f:
                f.write(str(self.p.pid))

    def ms(self, repo):
        start = time.perf_counter_ns()
        self.p.stdin.write(repo + "\n")
        self.p.stdin.flush()
        self.p.stdout.readline()
        return (time.perf_counter_ns() - start) / 1e6

    def close(self):
        self.p.stdin.close()
        self.p.wait()
        if self.memcg:
            os.rmdir(self.memcg)


def new_session_ms(repo, env):
    start = time.perf_counter_ns()
    subprocess.run(ARGV, cwd=repo, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    return (time.perf_counter_ns() - start) / 1e6


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--repo", required=True, help="a git work tree (the session's workspace, for --socket)")
    ap.add_argument("--socket", help="a running host: adds the session.exec row")
    ap.add_argument("--runs", type=int, default=60)
    a = ap.parse_args()
    repo = os.path.abspath(a.repo)
    env = dict(os.environ, **GIT_SAFE)
    memcg = "/sys/fs/cgroup/memory/git-placement-%d" % os.getpid()
    helpers = {"helper": Helper(env, False), "helper-setsid": Helper(env, True),
               "helper-memcg": Helper(env, True, memcg if os.path.isdir("/sys/fs/cgroup/memory") else None)}
    rows = {"direct": lambda: direct_ms(ARGV, repo, env), "new-session": lambda: new_session_ms(repo, env)}
    for name, h in helpers.items():
        rows[name] = (lambda h=h: h.ms(repo))
    host = None
    try:
        if a.socket:
            host = Host("session", a.socket, repo)
            host.session = host.call("session.start", {"workspace": repo, "network": "offline"})["id"]
            for _ in range(50):
                host.exec_ms(["/bin/true"], {})
            rows["session"] = lambda: host.exec_ms(ARGV, GIT_SAFE)
            runner = str(host.call("session.show", {"id": host.session}).get("runnerPid"))
            ids = {}
            with open("/proc/%s/status" % runner) as f:
                for line in f:
                    k, _, v = line.partition(":")
                    ids[k] = v.split()
            user = ["setpriv", "--reuid", ids["Uid"][0], "--regid", ids["Gid"][0],
                    "--groups", ",".join(ids["Groups"]) or "-", "--no-new-privs", "--"] if ids["Groups"] else \
                ["setpriv", "--reuid", ids["Uid"][0], "--regid", ids["Gid"][0], "--clear-groups", "--no-new-privs", "--"]
            mnt = ["nsenter", "--mount=/proc/%s/ns/mnt" % runner, "--wdns=" + repo, "--"]
            for name, prefix in (("setpriv-root", ["setpriv", "--reuid", "0", "--"]), ("as-user", user),
                                 ("mount-ns", mnt), ("user+mount-ns", mnt + user)):
                rows[name] = (lambda prefix=prefix: direct_ms(prefix + ARGV, repo, env))
        times = {name: [] for name in rows}
        for f in rows.values():
            f()  # untimed: the index refresh after a lend, the helpers' start
        load0 = os.getloadavg()[0]
        names = list(rows)
        for i in range(a.runs):
            for name in (names if i % 2 == 0 else names[::-1]):
                times[name].append(rows[name]())
        print("# git status --porcelain, %d runs per row interleaved; load average %.2f -> %.2f, %d CPUs"
              % (a.runs, load0, os.getloadavg()[0], os.cpu_count()))
        print("%-14s %9s %9s %11s %12s" % ("row", "p50 ms", "p90 ms", "p50/direct", "paired med."))
        d = times["direct"]
        for name in names:
            s = times[name]
            print("%-14s %9.2f %9.2f %10.2fx %11.2fx" % (name, statistics.median(s), pct(s, .9),
                                                         statistics.median(s) / statistics.median(d),
                                                         statistics.median(x / y for x, y in zip(s, d))))
    finally:
        for h in helpers.values():
            h.close()
        if host and host.session:
            host.call("session.stop", {"id": host.session})
    return 0


if __name__ == "__main__":
    sys.exit(main())
