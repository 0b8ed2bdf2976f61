"""Forest benchmark: clearn's random_forest beside scikit-learn's
RandomForestClassifier (issue: tree ensembles).

Data: sklearn.datasets.make_classification(n_samples=25000, n_features=32,
random_state=0); the first 20,000 rows train, the last 5,000 test; written
with pandas to_csv (all 17 digits), so both sides read the same doubles.
Timed: fit of 100 trees + predict of the test rows.

- clearn: bench/bench_forest classify TRAIN TEST "random_forest n_trees=100
  threads=2" SCORE_FILE (2 threads: the machine's two CPUs)
- peer: pandas.read_csv (not timed), then
  RandomForestClassifier(n_estimators=100, n_jobs=J, random_state=0)
  fit + predict for J = 1 and 2 in one process; the faster is its time
- check: N_TRAIN,N_TEST,SUM of the test labels in row order (same data)
- targets: time ratio <= 0.5; |accuracy difference| <= 0.01; clearn's
  peak RSS <= scikit-learn's.
"""
import os

from benchlib import Case, Target, cached

SPEC = "random_forest n_trees=100 threads=2"

GENERATE = r'''
import pandas as pd
from sklearn.datasets import make_classification
p = json.loads(sys.argv[1])
x, y = make_classification(n_samples=p["n"] + p["n_test"], n_features=p["d"],
                           random_state=p["random_state"])
cols = ["x%d" % (j + 1) for j in range(p["d"])]
rows = slice(0, p["n"]) if p["part"] == "train" else slice(p["n"], None)
df = pd.DataFrame(x[rows], columns=cols)
df["y"] = y[rows]
df.to_csv(sys.argv[2], index=False)
'''

PEER = r'''
import pandas as pd
from sklearn.ensemble import RandomForestClassifier
train, test, out = sys.argv[1:4]
tr, te = pd.read_csv(train), pd.read_csv(test)
xtr, ytr = tr.drop(columns=["y"]).to_numpy(np.float64), tr["y"].to_numpy()
xte, yte = te.drop(columns=["y"]).to_numpy(np.float64), te["y"].to_numpy()
del tr, te
best, score = None, None
for jobs in (1, 2):
    t0 = now()
    model = RandomForestClassifier(n_estimators=100, n_jobs=jobs, random_state=0)
    pred = model.fit(xtr, ytr).predict(xte)
    t = now() - t0
    del model
    best, score = t if best is None else min(best, t), float(np.mean(pred == yte))
with open(out, "w") as f:
    f.write("score=%.17g\n" % score)
report(best, "%d,%d,%.17g" % (len(ytr), len(yte), seq_sum(yte.astype(np.float64))))
'''


def params(quick):
    return {"n": 20000 // (4 if quick else 1), "n_test": 5000 // (4 if quick else 1),
            "d": 32, "random_state": 0, "generator": "make_classification+to_csv v1"}


def data(p, outdir):
    files = {}
    for part in ("train", "test"):
        name = "forest-n%d-d%d-%s.csv" % (p["n"], p["d"], part)
        files[part] = cached(outdir, name, dict(p, part=part), GENERATE)
    return files


def score_file(ctx, side):
    return os.path.join(ctx.outdir, "forest.%s.score" % side)


def clearn_argv(ctx):
    return [os.path.join(ctx.builddir, "bench", "bench_forest"), "classify",
            ctx.files["train"], ctx.files["test"], SPEC, score_file(ctx, "clearn")]


def peer_args(ctx):
    return [ctx.files["train"], ctx.files["test"], score_file(ctx, "peer")]


def read_score(path):
    try:
        with open(path) as f:
            return float(f.read().split("=", 1)[1])
    except (OSError, ValueError, IndexError):
        return None


def targets(ctx, res):
    mine, peer = read_score(score_file(ctx, "clearn")), read_score(score_file(ctx, "peer"))
    c_rss, _ = res.peak(res.clearn_runs)
    p_rss, _ = res.peak(res.peer_runs)
    return [
        Target("time ratio <= 0.5", None if res.ratio is None else res.ratio <= 0.5),
        Target("test accuracy %s vs %s: within 0.01" % (
            "-" if mine is None else "%.4f" % mine, "-" if peer is None else "%.4f" % peer),
            None if mine is None or peer is None else abs(mine - peer) <= 0.01),
        Target("clearn peak RSS <= peer's",
               None if c_rss is None or p_rss is None else c_rss <= p_rss),
    ]


CASES = [
    Case("forest_classify",
         "random_forest vs RandomForestClassifier: 100 trees, fit 20,000 x 32 + predict 5,000",
         params, data, clearn_argv, PEER, peer_args, targets),
]
