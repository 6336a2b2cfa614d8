#!/usr/bin/python3
"""Paired whole-process timings of one-shot commands (docs/benchmarks.md, "One-shot `cordon run`").

    oneshot-paired.py PAIRS 'LABEL A|ENV=V ...|COMMAND A' 'LABEL B|ENV=V ...|COMMAND B' [...]

Runs the variants alternating (A B A B ...), after one warm-up round, each from this process with stdin, stdout and
stderr not a terminal (stdin /dev/null, stdout discarded, stderr kept to show a failure); every run must exit 0. For
each variant: wall-time and CPU (the child's user+sys, from rusage) p50, p90 (nearest rank), min, max; for each
variant after the first, its ratio to the first taken pair by pair (p50 and range). The load average before and after.
"""
import os
import resource
import shlex
import subprocess
import sys
import time


def pct(values, p):
    s = sorted(values)
    k = max(0, min(len(s) - 1, int(round(p / 100.0 * len(s) + 0.5)) - 1))
    return s[k]


def once(env, argv):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    p = subprocess.run(argv, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if p.returncode != 0:
        sys.exit("%s exited %d: %s" % (argv, p.returncode, p.stderr.decode(errors="replace")))
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main():
    pairs = int(sys.argv[1])
    variants = []
    for spec in sys.argv[2:]:
        label, env_text, command = spec.split("|", 2)
        env = dict(os.environ)
        for kv in shlex.split(env_text):
            k, v = kv.split("=", 1)
            env[k] = v
        variants.append((label, env, shlex.split(command)))
    print("load average before: %.2f %.2f %.2f" % os.getloadavg())
    for _, env, argv in variants:
        once(env, argv)
    walls = [[] for _ in variants]
    cpus = [[] for _ in variants]
    for _ in range(pairs):
        for i, (_, env, argv) in enumerate(variants):
            w, c = once(env, argv)
            walls[i].append(w)
            cpus[i].append(c)
    print("load average after: %.2f %.2f %.2f" % os.getloadavg())
    print("| variant | runs | wall p50 | wall p90 | min-max | CPU p50 | paired × first (p50, range) |")
    print("|---|---|---|---|---|---|---|")
    for i, (label, _, _) in enumerate(variants):
        ratio = ""
        if i > 0:
            r = [walls[i][k] / walls[0][k] for k in range(pairs)]
            ratio = "%.3f× (%.3f-%.3f)" % (pct(r, 50), min(r), max(r))
        print("| %s | %d | %.0f ms | %.0f ms | %.0f-%.0f ms | %.0f ms | %s |" % (
            label, pairs, 1000 * pct(walls[i], 50), 1000 * pct(walls[i], 90), 1000 * min(walls[i]),
            1000 * max(walls[i]), 1000 * pct(cpus[i], 50), ratio))


if __name__ == "__main__":
    main()
