#!/usr/bin/python3
"""clearn benchmarks: clearn beside its Python peer, on the same data.

Run by `make bench`:
    /usr/bin/python3 bench/run.py --builddir B --srcdir S [--cases a,b]
                                  [--repeat R] [--quick]

Each case generates its data once (fixed seeds) into B/bench/out/, then runs
the clearn program and the peer (a separate Python process) alternately, R
times each. Every program times its own work with a monotonic clock and
prints "time=SECONDS" and "check=..." on stdout; this script takes the
median time, the peak RSS of each process (os.wait4's ru_maxrss), compares
the checks and prints one table with each case's targets. The exit status
is 1 when a program fails or a check mismatches (a missed speed or memory
target is printed, not fatal), 2 for bad usage.

Adding a case: write a data generator and a peer (Python snippets run in
their own processes), a clearn command and a targets function, and append a
Case to CASES.

This process imports nothing heavy (numpy, pandas and scikit-learn run only
in children): a child's ru_maxrss can never be lower than the peak RSS of
the process that spawned it (Linux records the parent's high-water mark at
exec), so a small parent keeps the measurement floor low.
"""
import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

MIB = 1024.0 * 1024.0
REL_TOL = 1e-12          # checksums may differ in the last bits of parsing
PY = sys.executable

# ---- dependencies ------------------------------------------------------------

APT_PACKAGES = ["python3-sklearn", "python3-pandas"]


def ensure_peer_modules():
    """Checks that sklearn and pandas import (in a child), installing the
    Debian packages if we may; returns their versions as text."""
    def versions():
        probe = ("import sklearn, pandas; print('scikit-learn %s, pandas %s' "
                 "% (sklearn.__version__, pandas.__version__))")
        r = subprocess.run([PY, "-c", probe], stdout=subprocess.PIPE,
                           stderr=subprocess.DEVNULL, text=True)
        return r.stdout.strip() if r.returncode == 0 else None

    found = versions()
    if found:
        return found
    cmd = ["apt-get", "install", "-y", "--no-install-recommends"] + APT_PACKAGES
    if os.geteuid() == 0 and shutil.which("apt-get"):
        print("bench: installing %s" % " ".join(APT_PACKAGES), flush=True)
        env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
        if subprocess.call(cmd, env=env) != 0:
            subprocess.call(["apt-get", "update"], env=env)
            subprocess.call(cmd, env=env)
        found = versions()
        if found:
            return found
    sys.exit("bench: scikit-learn and pandas are needed for the peer side; "
             "install them with:\n    sudo %s" % " ".join(cmd))


# ---- running one program -----------------------------------------------------

class RunError(Exception):
    pass


class Run:
    """One measured process: its own time, its checksum, its peak RSS, and
    the floor under that peak (our own peak RSS when we spawned it)."""
    def __init__(self, seconds, check, rss_bytes, floor_bytes):
        self.seconds, self.check = seconds, check
        self.rss_bytes, self.floor_bytes = rss_bytes, floor_bytes

    @property
    def rss_known(self):
        """False when the peak may be ours rather than the child's."""
        return self.rss_bytes > self.floor_bytes


def self_peak_bytes():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def run_measured(label, argv, cwd):
    """Runs argv, waits with os.wait4 for its rusage; parses time= / check=."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        floor = self_peak_bytes()
        try:
            proc = subprocess.Popen(argv, cwd=cwd, stdout=out, stderr=err,
                                    stdin=subprocess.DEVNULL)
        except OSError as e:
            hint = ("; build it first (make bench builds every program)"
                    if isinstance(e, FileNotFoundError) else "")
            raise RunError("%s: cannot run %s: %s%s"
                           % (label, argv[0], e.strerror, hint))
        _, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout = out.read().decode("utf-8", "replace")
        stderr = err.read().decode("utf-8", "replace")
    if proc.returncode != 0:
        raise RunError("%s failed (exit status %d):\n%s"
                       % (label, proc.returncode,
                          (stderr or stdout).strip()[-2000:]))
    fields = dict(line.split("=", 1) for line in stdout.splitlines()
                  if "=" in line)
    try:
        seconds = float(fields["time"])
        check = fields["check"].strip()
    except (KeyError, ValueError):
        raise RunError("%s printed no valid time=/check= lines:\n%s"
                       % (label, stdout.strip()[-2000:]))
    # Linux reports ru_maxrss in KiB.
    return Run(seconds, check, usage.ru_maxrss * 1024, floor)


def check_difference(a, b):
    """Largest relative difference between two checks (comma-separated
    fields), or None when they disagree: integers (counts) and text must be
    equal, other numbers equal within REL_TOL."""
    pa, pb = a.split(","), b.split(",")
    if len(pa) != len(pb):
        return None
    worst = 0.0
    for x, y in zip(pa, pb):
        if x == y:
            continue
        try:
            fx, fy = float(x), float(y)
        except ValueError:
            return None
        if x.lstrip("-").isdigit() and y.lstrip("-").isdigit():
            return None
        rel = abs(fx - fy) / max(abs(fx), abs(fy))
        if not rel <= REL_TOL:
            return None           # also when one of them is NaN
        worst = max(worst, rel)
    return worst


# ---- Python snippets (data generators and peers) -----------------------------

# Put before every snippet: the output protocol of the C programs and a sum
# in their order.
PRELUDE = r'''
import json, sys, time
import numpy as np

def now():
    return time.perf_counter()     # CLOCK_MONOTONIC on Linux

def seq_sum(a, block=4096):
    """Sum row by row, column by column, in double, as the C side does.
    np.cumsum adds strictly left to right; blocks keep the copies small."""
    s = 0.0
    for i in range(0, a.shape[0], block):
        chunk = np.ascontiguousarray(a[i:i + block], dtype=np.float64)
        s = float(np.cumsum(np.concatenate(([s], chunk.ravel())))[-1])
    return s

def report(seconds, check):
    print("time=%.6f" % seconds)
    print("check=%s" % check)
    sys.stdout.flush()
'''


def snippet_argv(snippet, args):
    return [PY, "-c", PRELUDE + snippet] + [str(a) for a in args]


def cached(outdir, name, params, snippet):
    """Path of data file `name` in outdir, made by running the generator
    snippet (argv: params as JSON, output path) unless a file made with the
    same params is already there."""
    path = os.path.join(outdir, name)
    stamp = path + ".params.json"
    want = json.dumps(params, sort_keys=True)
    if os.path.exists(path) and os.path.exists(stamp):
        with open(stamp) as f:
            if f.read() == want:
                return path
    tmp = path + ".tmp"
    print("bench: generating %s ..." % name, flush=True)
    if subprocess.call(snippet_argv(snippet, [want, tmp])) != 0:
        raise RunError("generating %s failed" % name)
    os.replace(tmp, path)
    with open(stamp, "w") as f:
        f.write(want)
    return path


def warm(path):
    """Reads a file once so the first timed run finds it in the page cache
    (a small buffer: our own RSS is the measurement floor)."""
    buf = bytearray(1 << 18)
    with open(path, "rb", buffering=0) as f:
        while f.readinto(buf):
            pass


# ---- case: csv_read -----------------------------------------------------------

def csv_read_params(quick):
    return {"n": 20000 if quick else 100000, "d": 32, "random_state": 0,
            "generator": "make_classification+to_csv v1"}


CSV_READ_GENERATE = r'''
import pandas as pd
from sklearn.datasets import make_classification
p = json.loads(sys.argv[1])
x, y = make_classification(n_samples=p["n"], n_features=p["d"],
                           random_state=p["random_state"])
df = pd.DataFrame(x, columns=["x%d" % (j + 1) for j in range(p["d"])])
df["y"] = y
df.to_csv(sys.argv[2], index=False)
'''


def csv_read_data(p, outdir):
    name = "csv_read-n%d-d%d.csv" % (p["n"], p["d"])
    return {"csv": cached(outdir, name, p, CSV_READ_GENERATE)}


def csv_read_clearn(ctx):
    return [os.path.join(ctx.builddir, "bench", "bench_csv"), ctx.files["csv"]]


CSV_READ_PEER = r'''
import pandas as pd
t0 = now()
df = pd.read_csv(sys.argv[1])
t1 = now()
a = df.to_numpy(dtype=np.float64)
report(t1 - t0, "%d,%d,%.17g" % (a.shape[0], a.shape[1], seq_sum(a)))
'''


def csv_read_targets(ctx, res):
    size = os.path.getsize(ctx.files["csv"])
    n, d = ctx.params["n"], ctx.params["d"] + 1
    bound = size + 1.5 * n * d * 8
    return [
        Target("time ratio <= 0.5",
               None if res.ratio is None else res.ratio <= 0.5),
        Target("clearn peak RSS <= %.1f MiB (file %.1f MiB + 1.5 x %d x %d x "
               "8 B)" % (bound / MIB, size / MIB, n, d),
               res.clearn_rss_at_most(bound)),
    ]


# ---- the case table ----------------------------------------------------------

class Case:
    """name, what it measures;
    params(quick) -> dict of generator parameters (they key the cache);
    data(params, outdir) -> {key: path}, normally via cached();
    clearn(ctx) -> argv of the clearn program;
    peer: a Python snippet (after PRELUDE), argv from peer_args(ctx);
    targets(ctx, result) -> [Target]."""
    def __init__(self, name, what, params, data, clearn, peer, peer_args,
                 targets):
        self.name, self.what = name, what
        self.params, self.data = params, data
        self.clearn, self.peer, self.peer_args = clearn, peer, peer_args
        self.targets = targets


class Target:
    """passed: True, False, or None when it cannot be judged."""
    def __init__(self, text, passed):
        self.text, self.passed = text, passed

    def verdict(self):
        return {True: "PASS", False: "FAIL", None: "n/a"}[self.passed]


CASES = [
    Case("csv_read",
         "clearn_read vs pandas.read_csv on a 100,000 x 33 numeric CSV",
         csv_read_params, csv_read_data, csv_read_clearn, CSV_READ_PEER,
         lambda ctx: [ctx.files["csv"]], csv_read_targets),
]


def load_case_modules():
    """Adds the cases of bench/cases/*.py: each module imports what it needs
    from `benchlib` (this file: Case, Target, cached, warm, PRELUDE, MIB...)
    and defines CASES, a list of Case."""
    import glob
    import importlib.util
    sys.dont_write_bytecode = True      # keep the source tree clean
    sys.modules.setdefault("benchlib", sys.modules[__name__])
    here = os.path.dirname(os.path.abspath(__file__))
    for path in sorted(glob.glob(os.path.join(here, "cases", "*.py"))):
        name = "bench_cases_" + os.path.splitext(os.path.basename(path))[0]
        spec = importlib.util.spec_from_file_location(name, path)
        mod = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(mod)
        CASES.extend(mod.CASES)


# ---- driver ------------------------------------------------------------------

class Context:
    def __init__(self, builddir, srcdir, outdir, params, files):
        self.builddir, self.srcdir, self.outdir = builddir, srcdir, outdir
        self.params, self.files = params, files


class Result:
    def __init__(self, case):
        self.case = case
        self.clearn_runs, self.peer_runs = [], []
        self.error = None
        self.targets = []

    @staticmethod
    def median(runs):
        return statistics.median(r.seconds for r in runs) if runs else None

    @property
    def clearn_s(self):
        return self.median(self.clearn_runs)

    @property
    def peer_s(self):
        return self.median(self.peer_runs)

    @property
    def ratio(self):
        c, p = self.clearn_s, self.peer_s
        return c / p if c is not None and p else None

    @staticmethod
    def peak(runs):
        """(largest peak RSS in bytes, whether it is the child's own)."""
        if not runs:
            return None, False
        top = max(runs, key=lambda r: r.rss_bytes)
        return top.rss_bytes, all(r.rss_known for r in runs)

    def clearn_rss_at_most(self, bound):
        rss, known = self.peak(self.clearn_runs)
        if rss is None:
            return None
        if rss <= bound:
            return True
        return False if known else None

    @property
    def check_difference(self):
        """Largest relative difference of any run's check from the first
        clearn run's, or None on a mismatch or an error."""
        runs = self.clearn_runs + self.peer_runs
        if self.error is not None or not runs:
            return None
        diffs = [check_difference(runs[0].check, r.check) for r in runs]
        return None if None in diffs else max(diffs)

    @property
    def check_ok(self):
        return self.check_difference is not None


def run_case(case, args, outdir):
    res = Result(case)
    params = case.params(args.quick)
    try:
        files = case.data(params, outdir)
        ctx = Context(args.builddir, args.srcdir, outdir, params, files)
        for path in files.values():
            warm(path)
        clearn_argv = case.clearn(ctx)
        peer = snippet_argv(case.peer, case.peer_args(ctx))
        for i in range(args.repeat):
            print("bench: %s run %d/%d" % (case.name, i + 1, args.repeat),
                  flush=True)
            res.clearn_runs.append(
                run_measured("%s (clearn)" % case.name, clearn_argv, outdir))
            res.peer_runs.append(
                run_measured("%s (peer)" % case.name, peer, outdir))
        res.targets = case.targets(ctx, res)
    except RunError as e:
        res.error = str(e)
    return res


def fmt_s(v):
    return "-" if v is None else "%.3f" % v


def fmt_rss(runs):
    rss, known = Result.peak(runs)
    if rss is None:
        return "-"
    return ("%.1f" if known else "<=%.1f") % (rss / MIB)


def print_table(results):
    head = ["case", "clearn s", "peer s", "ratio", "clearn MiB", "peer MiB",
            "check", "targets"]
    rows = []
    for r in results:
        targets = "; ".join("%s: %s" % (t.text, t.verdict())
                            for t in r.targets) or "-"
        diff = r.check_difference
        check = ("ERROR" if r.error else "MISMATCH" if diff is None else
                 "ok" if diff == 0 else "ok (rel %.0e)" % diff)
        rows.append([r.case.name, fmt_s(r.clearn_s), fmt_s(r.peer_s),
                     "-" if r.ratio is None else "%.2f" % r.ratio,
                     fmt_rss(r.clearn_runs), fmt_rss(r.peer_runs), check,
                     targets])
    widths = [max(len(x[i]) for x in [head] + rows) for i in range(len(head))]

    def line(cells):
        return "  ".join(c.ljust(w) for c, w in zip(cells, widths)).rstrip()
    print(line(head))
    print(line(["-" * w for w in widths]))
    for row in rows:
        print(line(row))


def report_problems(results):
    """Prints errors and differing checks; True if there was any."""
    bad = False
    for r in results:
        if r.error:
            print("\n%s: %s" % (r.case.name, r.error))
            bad = True
        elif not r.check_ok:
            print("\n%s: checks differ:" % r.case.name)
            for who, runs in (("clearn", r.clearn_runs), ("peer", r.peer_runs)):
                for run in runs:
                    print("  %-6s check=%s" % (who, run.check))
            bad = True
        if any(not run.rss_known for run in r.clearn_runs + r.peer_runs):
            print("\n%s: '<=' peak RSS: the child used no more than this "
                  "process had when it spawned it (%.1f MiB), so its own peak "
                  "is unknown" % (r.case.name, self_peak_bytes() / MIB))
    return bad


def parse_args(argv):
    ap = argparse.ArgumentParser(
        description="Benchmarks clearn against scikit-learn/pandas.")
    ap.add_argument("--builddir", default=".", help="the build tree (B)")
    ap.add_argument("--srcdir", default=None,
                    help="the source tree (S; default: the build tree)")
    ap.add_argument("--cases", default=None,
                    help="comma-separated case names (default: all of %s)"
                    % ",".join(c.name for c in CASES))
    ap.add_argument("--repeat", type=int, default=5,
                    help="runs of each side per case (default 5)")
    ap.add_argument("--quick", action="store_true",
                    help="smaller data, for a quick look")
    args = ap.parse_args(argv)
    args.builddir = os.path.abspath(args.builddir)
    args.srcdir = os.path.abspath(args.srcdir or args.builddir)
    if args.repeat < 1:
        ap.error("--repeat must be at least 1, not %d" % args.repeat)
    known = {c.name: c for c in CASES}
    names = [n for n in (args.cases or ",".join(known)).split(",") if n]
    unknown = [n for n in names if n not in known]
    if unknown or not names:
        ap.error("unknown case %s; the cases are: %s"
                 % (", ".join(unknown) or "''", ", ".join(known)))
    args.selected = [known[n] for n in names]
    return args


def main(argv):
    load_case_modules()
    args = parse_args(argv)
    peer_versions = ensure_peer_modules()
    outdir = os.path.join(args.builddir, "bench", "out")
    os.makedirs(outdir, exist_ok=True)
    started = time.monotonic()
    results = [run_case(c, args, outdir) for c in args.selected]
    print("\nclearn (%s) vs Python %s with %s; median of %d runs each; "
          "peak RSS: the largest ru_maxrss of the runs%s\n"
          % (args.builddir, sys.version.split()[0], peer_versions,
             args.repeat, "; --quick data" if args.quick else ""))
    print_table(results)
    bad = report_problems(results)
    print("\nbench: %.0f s in all" % (time.monotonic() - started))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
