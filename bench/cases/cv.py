"""Cross-validation benchmarks (issue 4): the harness's parallel speed-up and
its own overhead.

cv_threads: 10-fold stratified cross-validation of a fit-dominated model on
  200,000 x 10 (make_classification, 3 classes, random_state=0). clearn runs
  "oner" with threads=1 and then threads=2 in the same process; time= is the
  threads=2 run and both times go to a side file. Peer: scikit-learn's
  cross_validate of a depth-1 decision tree (the nearest thing to OneR: one
  attribute, sorted once) with n_jobs=2 on StratifiedKFold(10, shuffle=True).
  Target: clearn's threads=2 time <= 0.6 x its threads=1 time (medians).
  check: ROWS,K,CLASSES.

cv_overhead: 10-fold stratified cross-validation of ZeroR on 1,000,000 x 20
  (make_classification, weights=[0.6], random_state=0). clearn times reading
  the CSV and then clearn_cv (threads=0, the default); time= is the CV.
  Peer: cross_val_predict(DummyClassifier()) after pandas.read_csv (not
  timed), n_jobs=1 (scikit-learn's default; joblib would copy the data to
  its workers). Target: clearn's CV time <= its read time in the same runs
  (medians). check: ROWS,K,CORRECT (both predict the majority class).

bench_cv also records the process CPU seconds of each timed phase, and the
target text shows them beside the wall times: when other processes load
the machine, wall times (and so the targets) mislead, and the CPU times
still show the work's own cost (equal CPU at threads=1 and 2 means the
parallel run wastes nothing).
"""
import os
import statistics

from benchlib import Case, Target, cached

GENERATE = r'''
import pandas as pd
from sklearn.datasets import make_classification
p = json.loads(sys.argv[1])
x, y = make_classification(n_samples=p["n"], n_features=p["d"],
                           n_informative=p["informative"], n_classes=p["classes"],
                           weights=p["weights"], random_state=p["random_state"])
df = pd.DataFrame(x, columns=["x%d" % (j + 1) for j in range(p["d"])])
df["y"] = y
df.to_csv(sys.argv[2], index=False)
'''

PEER = r'''
import pandas as pd
from sklearn.model_selection import StratifiedKFold, cross_validate, cross_val_predict
from sklearn.dummy import DummyClassifier
from sklearn.tree import DecisionTreeClassifier
mode, path, k = sys.argv[1], sys.argv[2], int(sys.argv[3])
df = pd.read_csv(path)
x, y = df.drop(columns=["y"]).to_numpy(np.float64), df["y"].to_numpy()
del df
cv = StratifiedKFold(k, shuffle=True, random_state=42)
if mode == "threads":
    t0 = now()
    cross_validate(DecisionTreeClassifier(max_depth=1, random_state=0), x, y, cv=cv, n_jobs=2)
    t1 = now()
    report(t1 - t0, "%d,%d,%d" % (len(y), k, len(np.unique(y))))
else:
    t0 = now()
    pred = cross_val_predict(DummyClassifier(), x, y, cv=cv)
    t1 = now()
    report(t1 - t0, "%d,%d,%d" % (len(y), k, int(np.sum(pred == y))))
'''


def make_params(mode):
    def params(quick):
        if mode == "threads":
            p = {"n": 40000 if quick else 200000, "d": 10, "informative": 5,
                 "classes": 3, "weights": None}
        else:
            p = {"n": 200000 if quick else 1000000, "d": 20, "informative": 2,
                 "classes": 2, "weights": [0.6]}
        p.update({"mode": mode, "k": 10, "random_state": 0,
                  "generator": "make_classification+to_csv v1"})
        return p
    return params


def data(p, outdir):
    name = "cv-%s-n%d-d%d.csv" % (p["mode"], p["n"], p["d"])
    q = {key: v for key, v in p.items() if key not in ("mode", "k")}
    return {"csv": cached(outdir, name, q, GENERATE)}


def side_file(ctx):
    return os.path.join(ctx.outdir, "cv-%s.times" % ctx.params["mode"])


SPECS = {"threads": "oner", "overhead": "zeror"}


def clearn_argv(ctx):
    # called once before the runs: start a fresh side file
    try:
        os.remove(side_file(ctx))
    except FileNotFoundError:
        pass
    mode = ctx.params["mode"]
    return [os.path.join(ctx.builddir, "bench", "bench_cv"), mode, ctx.files["csv"],
            SPECS[mode], str(ctx.params["k"]), side_file(ctx)]


def peer_args(ctx):
    return [ctx.params["mode"], ctx.files["csv"], ctx.params["k"]]


def side_medians(ctx):
    """{key: median seconds} over the runs' lines "a=S b=S"."""
    values = {}
    try:
        with open(side_file(ctx)) as f:
            for line in f:
                for field in line.split():
                    key, v = field.split("=", 1)
                    values.setdefault(key, []).append(float(v))
    except (OSError, ValueError):
        return {}
    return {key: statistics.median(v) for key, v in values.items()}


def cpu_note(m, a, b):
    """The CPU seconds of the two phases: on a loaded machine the wall
    times mean little, and the CPU times show what the work cost."""
    if m.get(a) is None or m.get(b) is None:
        return ""
    return "; CPU %.3f s, %.3f s" % (m[a], m[b])


def targets(ctx, res):
    m = side_medians(ctx)
    if ctx.params["mode"] == "threads":
        t1, t2 = m.get("t1"), m.get("t2")
        ok = None if not t1 or t2 is None else t2 / t1 <= 0.6
        text = "threads=2 / threads=1 <= 0.6 (%s%s)" % (
            "-" if ok is None else "%.3f s / %.3f s = %.2f" % (t2, t1, t2 / t1),
            cpu_note(m, "cpu2", "cpu1"))
    else:
        read, cv = m.get("read"), m.get("cv")
        ok = None if read is None or cv is None else cv <= read
        text = "CV time <= CSV read time (%s%s)" % (
            "-" if ok is None else "%.3f s vs %.3f s = %.2f" % (cv, read, cv / read),
            cpu_note(m, "cpu_cv", "cpu_read"))
    return [Target(text, ok)]


CASES = [
    Case("cv_threads",
         "10-fold CV of oner on 200,000 x 10, threads=2 vs threads=1 "
         "(peer: depth-1 tree, n_jobs=2)",
         make_params("threads"), data, clearn_argv, PEER, peer_args, targets),
    Case("cv_overhead",
         "10-fold CV of zeror on 1,000,000 x 20 vs reading its CSV "
         "(peer: DummyClassifier)",
         make_params("overhead"), data, clearn_argv, PEER, peer_args, targets),
]
