#!/usr/bin/env python3
"""Summarises a soak's samples.csv (scripts/soak.sh): per service RSS (first sample, mean of the
first and of the last quarter, change in %), open fds, PostgreSQL connections per database, Redis
clients and keys (total and without expiry), with a verdict per criterion of issue 23, then the
load's own reports (wrk's summary and status counts, the relay's rows).

  python3 scripts/soak/summary.py target/soak/samples.csv target/soak/wrk.txt target/soak/relay.txt
"""
import csv
import sys
from collections import defaultdict


WARMUP = 0


def quarter_means(points):
    """Mean of the first and of the last quarter of the (t, value) points after the warm-up (pools,
    caches and allocator arenas fill in the first minutes), at least one point each."""
    values = [v for t, v in sorted(points) if t >= WARMUP] or [v for _, v in sorted(points)]
    q = max(1, len(values) // 4)
    return sum(values[:q]) / q, sum(values[-q:]) / q


def main():
    series = defaultdict(list)
    dead = set()
    with open(sys.argv[1]) as f:
        for row in csv.DictReader(f):
            if row["metric"] == "dead":
                dead.add(row["subject"])
                continue
            series[(row["metric"], row["subject"])].append((int(row["t"]), float(row["value"])))
    ts = sorted({t for pts in series.values() for t, _ in pts})
    global WARMUP
    # A tenth of the run, at most 5 minutes: the quarters compare the loaded steady state.
    WARMUP = min(300, (ts[-1] if ts else 0) // 10)
    print("soak: %d samples over %d s; quarters taken after a warm-up of %d s" % (
        len(ts), ts[-1] if ts else 0, WARMUP))

    print("\nRSS (MiB): service, first, first-quarter mean, last-quarter mean, last, change %")
    worst = 0.0
    for (metric, svc), pts in sorted(series.items()):
        if metric != "rss_kb":
            continue
        a, b = quarter_means(pts)
        change = (b - a) / a * 100
        worst = max(worst, abs(change))
        print("  %-12s %7.1f %7.1f %7.1f %7.1f %+6.1f%%" % (
            svc, pts[0][1] / 1024, a / 1024, b / 1024, pts[-1][1] / 1024, change))
    verdict = "PASS" if worst <= 10 and not dead else "FAIL"
    print("  verdict (each within 10%%, none died): %s (worst %.1f%%%s)" % (
        verdict, worst, ", died: " + " ".join(sorted(dead)) if dead else ""))

    def span(metric):
        rows = []
        for (m, subject), pts in sorted(series.items()):
            if m == metric:
                vals = [v for _, v in pts]
                a, b = quarter_means(pts)
                rows.append((subject, vals[0], min(vals), max(vals), vals[-1], a, b))
        return rows

    print("\nopen fds: process, first, min, max, last, first-q mean, last-q mean")
    fd_growth = []
    for r in span("fds"):
        print("  %-12s %5d %5d %5d %5d %7.1f %7.1f" % r)
        fd_growth.append(r[6] - r[5])
    print("\nPostgreSQL connections: database, first, min, max, last, first-q mean, last-q mean")
    pg_growth = []
    for r in span("pg_conns"):
        print("  %-16s %3d %3d %3d %3d %5.1f %5.1f" % r)
        pg_growth.append(r[6] - r[5])
    print("\nRedis: metric, first, min, max, last, first-q mean, last-q mean")
    redis = {}
    for metric in ("redis_clients", "redis_keys", "redis_keys_no_expiry", "redis_used_memory"):
        for r in span(metric):
            print("  %-22s %10d %10d %10d %10d %12.1f %12.1f" % ((metric,) + r[1:]))
            redis[metric] = r
    leak = max(fd_growth + pg_growth + [redis.get("redis_clients", (0,) * 7)[6] - redis.get("redis_clients", (0,) * 7)[5]])
    print("  verdict (no connection leak: fds, PG and Redis connections level): %s (largest rise of a mean %.1f)" % (
        "PASS" if leak <= 2 else "FAIL", leak))
    ne = redis.get("redis_keys_no_expiry")
    if ne:
        print("  verdict (no growth of keys without expiry): %s (first %d, max %d, last %d)" % (
            "PASS" if ne[4] <= max(ne[1], ne[5]) + 2 else "FAIL", ne[1], ne[3], ne[4]))

    for path in sys.argv[2:]:
        try:
            with open(path) as f:
                print("\n== %s ==\n%s" % (path, f.read().rstrip()))
        except OSError:
            pass


if __name__ == "__main__":
    main()
