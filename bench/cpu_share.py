#!/usr/bin/env python3
"""CPU share of each process group during a load test, sampled from /proc (and the containers' cpuacct cgroup).

    bench/cpu_share.py --while-pid PID --results-dir DIR --container api=NAME --container postgres=NAME [--interval 2]

Groups: each --container (all its processes: cgroup v1 cpuacct.usage when present, else the sum of /proc/<pid>/stat
over `docker top`'s pids), each --comm (processes by name, e.g. docker-proxy, which relays the published port outside
the containers), `gatling` (the JVM running dev.todoctl.scenarios.GatlingMain), `todoctl` (the CLI JVM:
--while-pid and the processes below it, Gatling's JVM excepted) and `other` (the machine's busy time from /proc/stat minus all of the above: other users' builds).
Samples until --while-pid exits; the phase is `setup` until DIR/setup.properties exists (the set-up phase wrote it),
then `load`. Prints one row per phase: average CPU of each group in % of one core (the machine has `nproc` cores)
and its share of the machine's busy time; writes every sample to DIR/cpu-samples.tsv.
"""
import argparse
import os
import subprocess
import sys
import time

TICK = os.sysconf("SC_CLK_TCK")
CORES = os.cpu_count()


def proc_ticks(pid):
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return int(fields[11]) + int(fields[12])  # utime + stime (fields 14, 15 of stat)
    except (OSError, IndexError, ValueError):
        return None


def machine():
    with open("/proc/stat") as f:
        cpu = [int(x) for x in f.readline().split()[1:]]
    idle = cpu[3] + cpu[4]
    return sum(cpu[:8]), idle  # user..steal, without guest (already counted in user)


def container_seconds(name, cache):
    cid = cache.get(name)
    if cid is None:
        out = subprocess.run(["docker", "inspect", "-f", "{{.Id}}", name], capture_output=True, text=True)
        cid = out.stdout.strip() or ""
        cache[name] = cid
    usage = f"/sys/fs/cgroup/cpuacct/docker/{cid}/cpuacct.usage"
    if cid and os.path.exists(usage):
        with open(usage) as f:
            return int(f.read()) / 1e9
    out = subprocess.run(["docker", "top", name, "-eo", "pid"], capture_output=True, text=True)
    pids = [line.strip() for line in out.stdout.splitlines()[1:] if line.strip().isdigit()]
    return sum((proc_ticks(p) or 0) for p in pids) / TICK


def pids_named(comm):
    found = []
    for pid in os.listdir("/proc"):
        if pid.isdigit():
            try:
                with open(f"/proc/{pid}/comm") as f:
                    if f.read().strip() == comm:
                        found.append(pid)
            except OSError:
                pass
    return found


def descendants(root):
    """root and every process below it (the todoctl JVM under a shell; the Gatling JVM is left out by the caller)."""
    children = {}
    for pid in os.listdir("/proc"):
        if pid.isdigit():
            try:
                with open(f"/proc/{pid}/stat") as f:
                    ppid = f.read().rsplit(")", 1)[1].split()[1]
                children.setdefault(ppid, []).append(pid)
            except (OSError, IndexError):
                pass
    found, todo = [], [str(root)]
    while todo:
        p = todo.pop()
        found.append(p)
        todo.extend(children.get(p, []))
    return found


def gatling_pid():
    for pid in os.listdir("/proc"):
        if pid.isdigit():
            try:
                with open(f"/proc/{pid}/cmdline", "rb") as f:
                    if b"dev.todoctl.scenarios.GatlingMain" in f.read():
                        return pid
            except OSError:
                pass
    return None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--while-pid", required=True)
    ap.add_argument("--results-dir", required=True)
    ap.add_argument("--container", action="append", default=[], help="group=container-name")
    ap.add_argument("--comm", action="append", default=[], help="process name, e.g. docker-proxy")
    ap.add_argument("--interval", type=float, default=2.0)
    a = ap.parse_args()
    containers = [c.split("=", 1) for c in a.container]
    groups = [g for g, _ in containers] + a.comm + ["gatling", "todoctl", "other"]
    ids = {}
    last_gatling = {}

    def snapshot():
        s = {g: container_seconds(n, ids) for g, n in containers}
        for comm in a.comm:
            s[comm] = sum((proc_ticks(p) or 0) for p in pids_named(comm)) / TICK
        gp = gatling_pid()
        if gp:
            t = proc_ticks(gp)
            if t is not None:
                last_gatling[gp] = t / TICK
        s["gatling"] = sum(last_gatling.values())  # an exited Gatling JVM keeps its last reading
        s["todoctl"] = sum((proc_ticks(p) or 0) for p in descendants(a.while_pid) if p != gp) / TICK
        total, idle = machine()
        s["_busy"] = (total - idle) / TICK
        s["_all"] = total / TICK
        return s

    totals = {}  # phase -> {group: cpu-seconds, _busy, _all, _wall}
    os.makedirs(a.results_dir, exist_ok=True)
    samples = open(os.path.join(a.results_dir, "cpu-samples.tsv"), "w")
    samples.write("t_s\tphase\t" + "\t".join(f"{g}_pct" for g in groups) + "\tbusy_pct\n")
    prev = snapshot()
    start = time.time()
    while os.path.exists(f"/proc/{a.while_pid}"):
        time.sleep(a.interval)
        cur = snapshot()
        phase = "load" if os.path.exists(os.path.join(a.results_dir, "setup.properties")) else "setup"
        d = {k: max(0.0, cur[k] - prev[k]) for k in cur}
        d["other"] = max(0.0, d["_busy"] - sum(d[g] for g in groups if g != "other"))
        wall = d["_all"] / CORES
        if wall <= 0:
            continue
        t = totals.setdefault(phase, {})
        for k in groups + ["_busy"]:
            t[k] = t.get(k, 0.0) + d[k]
        t["_wall"] = t.get("_wall", 0.0) + wall
        samples.write(f"{time.time() - start:.1f}\t{phase}\t" + "\t".join(f"{100 * d[g] / wall:.1f}" for g in groups)
                      + f"\t{100 * d['_busy'] / wall:.1f}\n")
        samples.flush()
        prev = cur
    print(f"CPU by process ({CORES} cores = {CORES * 100}%; share = part of the machine's busy time)")
    print("phase    seconds  " + "  ".join(f"{g:>16}" for g in groups) + "   machine busy")
    for phase in ("setup", "load"):
        t = totals.get(phase)
        if not t or t["_wall"] <= 0:
            continue
        cells = []
        for g in groups:
            pct = 100 * t[g] / t["_wall"]
            share = 100 * t[g] / t["_busy"] if t["_busy"] > 0 else 0
            cells.append(f"{pct:6.1f}% ({share:4.1f}%)")
        busy = 100 * t["_busy"] / t["_wall"]
        print(f"{phase:<8} {t['_wall']:7.0f}  " + "  ".join(f"{c:>16}" for c in cells) + f"   {busy:6.1f}% of {CORES * 100}%")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
