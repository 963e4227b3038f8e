#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Builds a realistic logging-loop capture from this machine's own /proc.

The loop of "Can you handle the pressure?" (2005) section 7.2 prints, every
10 seconds: date; cat /proc/meminfo; cat /proc/slabinfo;
ps ef -o user,pid,rss,command; a dashed separator. This script reads
/proc/meminfo, /proc/slabinfo and the process list once (the process list as
`ps -eo user,pid,rss,command` prints it: every process with its arguments,
since `ps ef` without a terminal prints none) and writes N snapshots in that
shape, the numbers moving as they do on a machine that slowly fills up: a
dentry/inode leak, page cache growth, one process whose RSS grows, and noise
everywhere else. Deterministic (seeded): the same machine gives the same file.

usage: gen-capture.py SNAPSHOTS OUT|- [START_EPOCH]
"""
import os, random, sys, time

def read(path):
    with open(path) as f:
        return f.read().splitlines()

def proc_list():
    rows = []
    pw = {}
    try:
        for line in read("/etc/passwd"):
            p = line.split(":")
            if len(p) > 2:
                pw[int(p[2])] = p[0]
    except (OSError, ValueError):
        pass
    for pid in sorted((int(d) for d in os.listdir("/proc") if d.isdigit())):
        try:
            st = os.stat("/proc/%d" % pid)
            with open("/proc/%d/statm" % pid) as f:
                rss = int(f.read().split()[1]) * (os.sysconf("SC_PAGE_SIZE") // 1024)
            with open("/proc/%d/cmdline" % pid, "rb") as f:
                cmd = f.read().replace(b"\0", b" ").strip().decode("utf-8", "replace")
            if not cmd:
                with open("/proc/%d/comm" % pid) as f:
                    cmd = "[" + f.read().strip() + "]"
        except (OSError, ValueError, IndexError):
            continue
        rows.append([pw.get(st.st_uid, str(st.st_uid)), pid, rss, cmd[:200]])
    return rows

def main():
    n = int(sys.argv[1])
    out = sys.stdout if sys.argv[2] == "-" else open(sys.argv[2], "w")
    t0 = int(sys.argv[3]) if len(sys.argv) > 3 else 1763683200  # 2025-11-21 00:00:00 UTC
    rnd = random.Random(42)
    mem = []
    for line in read("/proc/meminfo"):
        k, _, v = line.partition(":")
        p = v.split()
        mem.append([k, int(p[0]), len(p) > 1])
    slab_head = read("/proc/slabinfo")[:2]
    slabs = []
    for line in read("/proc/slabinfo")[2:]:
        p = line.split()
        # name active num objsize objperslab pagesperslab : tunables l b s : slabdata as ns sa
        slabs.append([p[0], int(p[1]), int(p[2]), int(p[3]), int(p[4]), int(p[5]),
                      int(p[8]), int(p[9]), int(p[10])])
    procs = proc_list()
    leaker = len(procs) // 2
    memidx = {m[0]: i for i, m in enumerate(mem)}
    for i in range(n):
        w = []
        w.append(time.strftime("%a %b %e %H:%M:%S UTC %Y", time.gmtime(t0 + 10 * i)))
        grow = 0
        for s in slabs:
            # a 10-second step changes about one cache in ten on a quiet machine (measured: 24 of 237
            # lines of /proc/slabinfo); the leaking caches change every time
            if s[0] in ("dentry", "ext4_inode_cache", "inode_cache"):
                step = rnd.randint(0, 60)
            elif rnd.random() < 0.12:
                step = rnd.randint(-4, 4)
            else:
                continue
            s[2] = max(0, s[2] + step)
            s[1] = max(0, min(s[2], s[1] + step + rnd.randint(-2, 2)))
            if s[4]:
                slabs_needed = -(-s[2] // s[4])
                grow += (slabs_needed - s[8]) * s[5] * 4
                s[7] = s[8] = slabs_needed
        for k, delta in (("MemFree", -grow - rnd.randint(-40, 48)), ("MemAvailable", -grow // 2 - rnd.randint(-40, 40)),
                         ("Cached", rnd.randint(-8, 24)), ("Slab", grow), ("SUnreclaim", grow // 8),
                         ("SReclaimable", grow - grow // 8), ("AnonPages", rnd.randint(-16, 20)),
                         ("Active(file)", rnd.randint(-8, 16)), ("Inactive(file)", rnd.randint(-8, 8)),
                         ("Dirty", rnd.randint(-50, 50)), ("Committed_AS", rnd.randint(-30, 34)),
                         ("KernelStack", rnd.randint(-16, 16)), ("PageTables", rnd.randint(-4, 4))):
            if k in memidx:
                m = mem[memidx[k]]
                m[1] = max(0, m[1] + delta)
        for m in mem:
            w.append("%-16s%8d kB" % (m[0] + ":", m[1]) if m[2] else "%-16s%8d" % (m[0] + ":", m[1]))
        w.extend(slab_head)
        for s in slabs:
            w.append("%-17s %6d %6d %6d %4d %4d : tunables %4d %4d %4d : slabdata %6d %6d %6d" %
                     (s[0], s[1], s[2], s[3], s[4], s[5], 0, 0, 0, s[7], s[8], 0))
        w.append("USER         PID   RSS COMMAND")
        for j, p in enumerate(procs):
            if j == leaker:
                p[2] += rnd.randint(0, 40)
            elif p[2] and rnd.random() < 0.08:
                p[2] = max(4, p[2] + rnd.randint(-8, 8))
            w.append("%-8s %7d %5d %s" % (p[0], p[1], p[2], p[3]))
        w.append("------------------------")
        out.write("\n".join(w))
        out.write("\n")
    out.close()

if __name__ == "__main__":
    main()
