"""The measuring half of bench/run.sh: generates the spec files, runs sortie, Hurl and wrk
alternated, and prints the table of medians. Peak RSS and CPU time are each process's own
(GNU time's, else os.wait4's). Figures only: nothing here passes or fails on time."""

import argparse
import os
import re
import statistics
import subprocess
import sys
import time

SHAPES = [(40, 250), (400, 25)]
PARSE_ENTRIES = 20_000


def entry(port, f, e):
    return (
        f"# Entry {e} of file {f}\n"
        f"GET http://127.0.0.1:{port}/health\n"
        f"X-Bench: {f}-{e}\n"
        "HTTP 200\n"
        "[Asserts]\n"
        'jsonpath "$.status" == "ok"\n'
        'jsonpath "$.status" isString\n'
        "\n"
    )


def generate_shape(base, port, files, entries):
    folder = os.path.join(base, f"shape_{files}x{entries}")
    os.makedirs(folder, exist_ok=True)
    for f in range(1, files + 1):
        with open(os.path.join(folder, f"bench_{f:03}.hurl"), "w") as out:
            out.write("".join(entry(port, f, e) for e in range(1, entries + 1)))
    return folder


def generate_parse(base):
    """The 4.7 MB spec of the issue: that of `cargo bench --bench parse` (headers, query,
    captures, asserts) less its `Authorization` header."""
    parts = []
    for n in range(PARSE_ENTRIES):
        parts.append(
            f"# Item {n}\n"
            f"GET http://localhost:8000/items/{n}?p={n % 7}\n"
            "Accept: text/json\n"
            "[Query]\n"
            "limit: 10\n"
            "HTTP 200\n"
            "[Captures]\n"
            'item_id: jsonpath "$.id"\n'
            "[Asserts]\n"
            f'jsonpath "$.id" == {n}\n'
            'jsonpath "$.tags" count > 2\n'
            'header "Content-Type" contains "json"\n\n'
        )
    path = os.path.join(base, "parse.hurl")
    with open(path, "w") as out:
        out.write("".join(parts))
    return path


TIME = "/usr/bin/time"


def measure(cmd):
    """Runs `cmd` with its output discarded: (wall seconds, peak RSS in bytes, CPU seconds).

    Through GNU time when installed: a child's peak RSS counts the memory of the process it
    was forked from (Linux keeps the larger of the two across exec), and time's is a small
    fraction of an MB where this script's is tens of MB. Else os.wait4 here, which then
    over-counts by this script's size."""
    out = os.path.join(os.environ.get("TMPDIR", "/tmp"), f"sortie-bench-time-{os.getpid()}")
    timed = os.path.exists(TIME)
    full = [TIME, "-f", "%M %U %S", "-o", out] + cmd if timed else cmd
    start = time.perf_counter()
    proc = subprocess.Popen(full, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    stderr = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    code = os.waitstatus_to_exitcode(status)
    if code != 0:
        sys.stderr.write(stderr.decode(errors="replace")[-2000:])
        sys.exit(f"bench: {' '.join(cmd)} exited {code}")
    if timed:
        with open(out) as f:
            kb, user, system = f.read().split()[-3:]
        os.remove(out)
        return wall, int(kb) * 1024, float(user) + float(system)
    return wall, usage.ru_maxrss * 1024, usage.ru_utime + usage.ru_stime


def wrk_rate(wrk, jobs, port, seconds):
    out = subprocess.run(
        [wrk, f"-t{jobs}", f"-c{jobs}", f"-d{seconds}s", f"http://127.0.0.1:{port}/health"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    m = re.search(r"Requests/sec:\s*([\d.]+)", out)
    return float(m.group(1))


def fmt_rate(v):
    return f"{v:,.0f}" if v is not None else "—"


def fmt_mb(v):
    return f"{v / 1e6:.1f} MB" if v is not None else "—"


def median(xs):
    return statistics.median(xs) if xs else None


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--dir", required=True)
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--runs", type=int, default=3)
    p.add_argument("--jobs", type=int, default=2)
    p.add_argument("--sortie", required=True)
    p.add_argument("--hurl", default="")
    p.add_argument("--wrk", default="")
    p.add_argument("--server", default="")
    a = p.parse_args()

    folders = {s: generate_shape(a.dir, a.port, *s) for s in SHAPES}
    parse_file = generate_parse(a.dir)
    parse_size = os.path.getsize(parse_file)

    rate = {}  # (tool, shape) -> [requests/s]
    rss = {}  # (tool, shape) -> [bytes]
    cpu = {}  # (tool, shape) -> [CPU µs per request, user + system]
    parse_times, parse_rss = [], []
    tools = [("sortie", [a.sortie, "test", "--jobs", str(a.jobs), "--no-progress", "--color", "never"])]
    if a.hurl:
        tools.append(("hurl", [a.hurl, "--test", "--jobs", str(a.jobs), "--no-color"]))
    load_before = os.getloadavg()[0]
    for round_ in range(a.runs):
        if a.wrk:
            rate.setdefault(("wrk", None), []).append(wrk_rate(a.wrk, a.jobs, a.port, 3))
        # Alternated: each round runs every tool on every shape, the order turning each round.
        order = tools if round_ % 2 == 0 else list(reversed(tools))
        for shape in SHAPES:
            for name, cmd in order:
                wall, peak, cpu_s = measure(cmd + [folders[shape]])
                requests = shape[0] * shape[1]
                rate.setdefault((name, shape), []).append(requests / wall)
                rss.setdefault((name, shape), []).append(peak)
                cpu.setdefault((name, shape), []).append(1e6 * cpu_s / requests)
        for _ in range(3):
            wall, peak, _ = measure([a.sortie, "check", parse_file])
            parse_times.append(wall)
            parse_rss.append(peak)
    load_after = os.getloadavg()[0]

    wrk_med = median(rate.get(("wrk", None), []))
    print()
    print(
        f"{a.runs} alternated rounds, --jobs {a.jobs}, server: {a.server}, "
        f"load average {load_before:.2f} before, {load_after:.2f} after; medians"
    )
    print()
    hurl_name = "Hurl"
    if a.hurl:
        v = subprocess.run([a.hurl, "--version"], capture_output=True, text=True).stdout.split()
        hurl_name = f"Hurl {v[1]}" if len(v) > 1 else "Hurl"
    print(f"| | wrk (ceiling) | {hurl_name} | sortie | sortie / Hurl | sortie / wrk |")
    print("|---|---|---|---|---|---|")
    for shape in SHAPES:
        label = f"{shape[0]} × {shape[1]}"
        s = median(rate[("sortie", shape)])
        h = median(rate.get(("hurl", shape), []))
        ratio = f"{s / h:.2f}×" if h else "—"
        share = f"{100 * s / wrk_med:.0f}%" if wrk_med else "—"
        print(f"| {label}, requests/s | {fmt_rate(wrk_med)} | {fmt_rate(h)} | {fmt_rate(s)} | {ratio} | {share} |")
        s = median(rss[("sortie", shape)])
        h = median(rss.get(("hurl", shape), []))
        ratio = f"{s / h:.2f}×" if h else "—"
        print(f"| {label}, peak RSS | — | {fmt_mb(h)} | {fmt_mb(s)} | {ratio} | — |")
        s = median(cpu[("sortie", shape)])
        h = median(cpu.get(("hurl", shape), []))
        ratio = f"{s / h:.2f}×" if h else "—"
        hs = f"{h:.0f} µs" if h else "—"
        print(f"| {label}, CPU per request | — | {hs} | {s:.0f} µs | {ratio} | — |")
    print(
        f"| parse {parse_size / 1e6:.1f} MB / {PARSE_ENTRIES:,} entries (`sortie check`) | — | — | "
        f"{1e3 * median(parse_times):.0f} ms, {fmt_mb(median(parse_rss))} | — | — |"
    )
    print()
    print("every run (requests/s):")
    for key, values in rate.items():
        name, shape = key
        label = f"{shape[0]}x{shape[1]}" if shape else "-"
        print(f"  {name:6} {label:7} " + " ".join(f"{v:8,.0f}" for v in values))
    print("every run (peak RSS, MB):")
    for key, values in rss.items():
        name, shape = key
        print(f"  {name:6} {shape[0]}x{shape[1]:<4} " + " ".join(f"{v / 1e6:8.1f}" for v in values))
    print("every run (CPU per request, µs):")
    for key, values in cpu.items():
        name, shape = key
        print(f"  {name:6} {shape[0]}x{shape[1]:<4} " + " ".join(f"{v:8.1f}" for v in values))
    print("parse (ms): " + " ".join(f"{1e3 * t:.0f}" for t in parse_times))


if __name__ == "__main__":
    main()
