#!/usr/bin/env python3
"""witi-connect against the floor: an empty eframe window (examples/minimal_window.rs) of the
same eframe version, options and release profile, both in a real window under Xvfb.

Reports, side by side and as ratios:
  start-up   process start to first frame (eframe keeps the window hidden until it has painted
             its first frame, so "first visible" is "first frame"), median of --runs;
  memory     resident set 10 s after start;
  CPU idle   share of one core over 30 s with nothing changing (app: the demo fleet, nothing
             clicked, background polls running; floor: the empty window);
  CPU count  the same with the QR countdown on screen (app: Connect clicked; floor: a label
             repainted once a second with request_repaint_after).
Targets (issue #6): start-up and memory <= 1.3x the floor; idle <= 0.5 % of a core; countdown
<= 1.3x the floor repainting once a second.

With --fleet N (issue #15), the app also runs with N saved instances behind `witi-sim --fleet N`
(every other one paired), recording history, and adds rows:
  start-up   to first frame with the N instances loaded (<= 1.3x the floor);
  memory     resident set once every instance has answered (<= 250 MB at 5,000);
  CPU idle   share of one core over --cpu-secs once all are polled, with nothing changing
             but the background polls themselves (<= 2 % at 5,000); the simulator's own share
             is printed beside it.

Usage: python3 scripts/compare_window.py [--runs 5] [--cpu-secs 30] [--no-build] [--fleet 5000]
Needs xvfb, xdotool and the packages .ci/run installs. Takes about 3 minutes (6 with --fleet).
"""

import json
import socket

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TARGET = os.environ.get("CARGO_TARGET_DIR", os.path.join(ROOT, "target"))
APP = [os.path.join(TARGET, "release", "witi-connect"), "--demo", "--theme", "dark"]
SIM = os.path.join(TARGET, "release", "witi-sim")
FLOOR = [os.path.join(TARGET, "release", "examples", "minimal_window")]
CLK_TCK = os.sysconf("SC_CLK_TCK")
# The demo instance's Connect button at 1280x800 (tests/window_test.sh uses the same point,
# and a kittest checks that it lands on the button).
CONNECT_AT = ("335", "176")


def sh(*args, **kw):
    return subprocess.run(args, capture_output=True, text=True, **kw)


def start_xvfb():
    for n in range(90, 130):
        if not os.path.exists(f"/tmp/.X11-unix/X{n}") and not os.path.exists(f"/tmp/.X{n}-lock"):
            break
    proc = subprocess.Popen(["Xvfb", f":{n}", "-screen", "0", "1280x800x24", "-nolisten", "tcp", "-noreset"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    os.environ["DISPLAY"] = f":{n}"
    for _ in range(200):
        if sh("xdotool", "getdisplaygeometry").returncode == 0:
            return proc
        time.sleep(0.05)
    sys.exit("Xvfb did not start")


def launch(cmd, home):
    env = dict(os.environ, HOME=home, XDG_CONFIG_HOME=f"{home}/.config",
               XDG_DATA_HOME=f"{home}/.local/share", XDG_CACHE_HOME=f"{home}/.cache",
               RUST_LOG="warn")
    t0 = time.monotonic()
    err = open(os.path.join(home, "stderr.log"), "w")
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=err)
    proc.home = home
    return proc, t0


def wait_visible(proc, t0, limit=30.0):
    """Seconds from launch to the window becoming visible (its first frame painted)."""
    while time.monotonic() - t0 < limit:
        if sh("xdotool", "search", "--onlyvisible", "--pid", str(proc.pid)).stdout.strip():
            return time.monotonic() - t0
        if proc.poll() is not None:
            with open(os.path.join(proc.home, "stderr.log")) as f:
                tail = "".join(f.readlines()[-5:])
            sys.exit(f"{proc.args[0]} exited with {proc.returncode}:\n{tail}")
        time.sleep(0.002)
    sys.exit(f"no window from {proc.args[0]} within {limit} s")


def stop(proc):
    proc.terminate()
    try:
        proc.wait(5)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def cpu_ticks(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])  # utime + stime (fields 14, 15)


def rss_mib(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def cpu_share(pid, secs):
    """Percent of one core used over the next `secs` seconds."""
    before, t = cpu_ticks(pid), time.monotonic()
    time.sleep(secs)
    used = (cpu_ticks(pid) - before) / CLK_TCK
    return 100.0 * used / (time.monotonic() - t)


def startups(cmd, home, runs):
    """Seconds to the first frame, one per launch."""
    starts = []
    for _ in range(runs):
        proc, t0 = launch(cmd, home)
        starts.append(wait_visible(proc, t0))
        stop(proc)
    return starts


def measure(name, cmd, countdown_setup, home, runs, cpu_secs):
    starts = startups(cmd, home, runs)
    proc, t0 = launch(cmd, home)
    wait_visible(proc, t0)
    time.sleep(max(0.0, 10.0 - (time.monotonic() - t0)))
    rss = rss_mib(proc.pid)
    idle = cpu_share(proc.pid, cpu_secs)
    stop(proc)
    proc, t0 = launch(countdown_setup[0], home)
    wait_visible(proc, t0)
    time.sleep(3)  # the app's first status drawn
    countdown_setup[1]()
    time.sleep(2)  # the QR fetched, rasterized and on screen
    countdown = cpu_share(proc.pid, cpu_secs)
    stop(proc)
    print(f"  {name}: start-up {[round(s * 1000) for s in starts]} ms", file=sys.stderr)
    return {"startup_ms": statistics.median(starts) * 1000, "rss_mib": rss, "idle_pct": idle,
            "countdown_pct": countdown}


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fleet_rows(n, home, runs, cpu_secs):
    """The app with `n` saved instances behind a simulator on loopback."""
    port = free_port()
    sim = subprocess.Popen([SIM, "--port", str(port), "--fleet", str(n)], stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL)
    try:
        config = os.path.join(home, "fleet", "instances.json")
        os.makedirs(os.path.dirname(config), exist_ok=True)
        instances = [{"id": f"{i:016x}", "name": f"Loja {i:05}", "base_url": f"http://127.0.0.1:{port}/",
                      "key": f"fleet-{i:05}", "tags": [f"region-{i % 7}"]} for i in range(n)]
        with open(config, "w") as f:
            json.dump({"version": 1, "instances": instances}, f)
        history = os.path.join(home, "fleet", "history.sqlite3")
        cmd = [APP[0], "--config", config, "--history", history, "--theme", "dark"]
        starts = startups(cmd, home, runs)
        proc, t0 = launch(cmd, home)
        wait_visible(proc, t0)
        # Every instance answered: the simulator has seen n status requests.
        polled_by = t0 + 120
        while time.monotonic() < polled_by:
            state = sh("curl", "-s", f"http://127.0.0.1:{port}/_sim/state?wid=fleet-{n - 1:05}").stdout
            if '"status.aspx"' in state:
                break
            time.sleep(1)
        first_round = time.monotonic() - t0
        time.sleep(5)
        rss = rss_mib(proc.pid)
        sim_before, t = cpu_ticks(sim.pid), time.monotonic()
        idle = cpu_share(proc.pid, cpu_secs)
        sim_idle = 100.0 * (cpu_ticks(sim.pid) - sim_before) / CLK_TCK / (time.monotonic() - t)
        stop(proc)
        print(f"  fleet {n}: start-up {[round(s * 1000) for s in starts]} ms, first round of polls "
              f"{first_round:.0f} s, simulator {sim_idle:.2f} % of a core", file=sys.stderr)
        return {"startup_ms": statistics.median(starts) * 1000, "rss_mib": rss, "idle_pct": idle}
    finally:
        stop(sim)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--cpu-secs", type=float, default=30.0)
    ap.add_argument("--no-build", action="store_true")
    ap.add_argument("--fleet", type=int, default=0, help="also measure with this many saved instances")
    args = ap.parse_args()
    for tool in ("Xvfb", "xdotool"):
        if not shutil.which(tool):
            sys.exit(f"{tool} is missing: run .ci/run once, or apt-get install xvfb xdotool")
    if not args.no_build:
        subprocess.run(["cargo", "build", "--release", "--locked", "--bin", "witi-connect", "--bin", "witi-sim",
                        "--example", "minimal_window"], cwd=ROOT, check=True)
    xvfb = start_xvfb()
    try:
        with tempfile.TemporaryDirectory() as home:
            print("measuring (about 3 minutes)...", file=sys.stderr)
            floor = measure("floor", FLOOR, (FLOOR + ["--tick"], lambda: None), home,
                            args.runs, args.cpu_secs)
            click = lambda: sh("xdotool", "mousemove", *CONNECT_AT, "click", "1")
            app = measure("app", APP, (APP, click), home, args.runs, args.cpu_secs)
            fleet = fleet_rows(args.fleet, home, args.runs, args.cpu_secs) if args.fleet else None
    finally:
        xvfb.terminate()
        xvfb.wait()

    def ratio(key):
        return app[key] / floor[key] if floor[key] > 0 else float("inf")

    rows = [
        ("start-up to first frame (ms)", "startup_ms", "{:.0f}", "<= 1.3x", ratio("startup_ms") <= 1.3),
        ("resident memory at 10 s (MiB)", "rss_mib", "{:.1f}", "<= 1.3x", ratio("rss_mib") <= 1.3),
        ("CPU, nothing changing (% core)", "idle_pct", "{:.2f}", "<= 0.5 %", app["idle_pct"] <= 0.5),
        ("CPU, QR countdown (% core)", "countdown_pct", "{:.2f}", "<= 1.3x", ratio("countdown_pct") <= 1.3),
    ]
    if fleet:
        n = f"{args.fleet:,}"
        ratio_start = fleet["startup_ms"] / floor["startup_ms"]
        rows += [
            (f"start-up with {n} saved instances (ms)", "startup_ms", "{:.0f}", "<= 1.3x", ratio_start <= 1.3, fleet),
            (f"resident memory, {n} polled (MiB)", "rss_mib", "{:.1f}", "<= 250 MB", fleet["rss_mib"] <= 250 / 1.048576, fleet),
            (f"CPU, {n} polled, nothing changing (% core)", "idle_pct", "{:.2f}", "<= 2 %", fleet["idle_pct"] <= 2.0, fleet),
        ]
    print(f"| measure | witi-connect | empty window | ratio | target | met |")
    print(f"|---|---:|---:|---:|---|---|")
    for label, key, fmt, target, met, *source in rows:
        value = (source[0] if source else app)[key]
        r = value / floor[key] if floor[key] > 0 else float("inf")
        print(f"| {label} | {fmt.format(value)} | {fmt.format(floor[key])} | "
              f"{r:.2f}x | {target} | {'yes' if met else 'NO'} |")
    return 0 if all(r[4] for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
