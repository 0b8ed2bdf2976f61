"""Tree benchmarks: clearn's cart beside scikit-learn's DecisionTreeClassifier
and DecisionTreeRegressor (issue 6).

Data: sklearn.datasets.make_classification / make_regression with
n_samples=125000, n_features=32, random_state=0; the first 100,000 rows
train, the last 25,000 test; written with pandas to_csv (all 17 digits), so
both sides read the same doubles. Both fit with default parameters (no
depth limit); only fit is timed. Each side writes its test score (accuracy
or R^2) to a file in the output directory; the targets compare them.

- clearn: bench/bench_tree TASK TRAIN TEST "cart" SCORE_FILE (one thread)
- peer: pandas.read_csv (not timed), then DecisionTree*(random_state=0).fit
- check: N_TRAIN,N_TEST,SUM of the test labels in row order (same data)
- targets: time ratio <= 0.3; |score difference| <= 0.005 (accuracy: half a
  percentage point; R^2: 0.005); clearn's peak RSS <= scikit-learn's.
"""
import os

from benchlib import Case, Target, cached

SPEC = "cart"   # one thread, as scikit-learn's trees

GENERATE = r'''
import pandas as pd
from sklearn.datasets import make_classification, make_regression
p = json.loads(sys.argv[1])
make = make_classification if p["task"] == "classify" else make_regression
x, y = make(n_samples=p["n"] + p["n_test"], n_features=p["d"],
            random_state=p["random_state"])
cols = ["x%d" % (j + 1) for j in range(p["d"])]
rows = slice(0, p["n"]) if p["part"] == "train" else slice(p["n"], None)
df = pd.DataFrame(x[rows], columns=cols)
df["y"] = y[rows]
df.to_csv(sys.argv[2], index=False)
'''

PEER = r'''
import pandas as pd
from sklearn.tree import DecisionTreeClassifier, DecisionTreeRegressor
task, train, test, out = sys.argv[1:5]
tr, te = pd.read_csv(train), pd.read_csv(test)
xtr, ytr = tr.drop(columns=["y"]).to_numpy(np.float64), tr["y"].to_numpy()
xte, yte = te.drop(columns=["y"]).to_numpy(np.float64), te["y"].to_numpy()
del tr, te
model = (DecisionTreeClassifier if task == "classify" else DecisionTreeRegressor)(
    random_state=0)
t0 = now()
model.fit(xtr, ytr)
t1 = now()
pred = model.predict(xte)
if task == "classify":
    score = float(np.mean(pred == yte))
else:
    score = 1 - float(np.sum((yte - pred) ** 2)) / float(np.sum((yte - yte.mean()) ** 2))
with open(out, "w") as f:
    f.write("score=%.17g\n" % score)
report(t1 - t0, "%d,%d,%.17g" % (len(ytr), len(yte), seq_sum(yte.astype(np.float64))))
'''


def make_params(task):
    def params(quick):
        return {"task": task, "n": 20000 if quick else 100000,
                "n_test": 5000 if quick else 25000, "d": 32, "random_state": 0,
                "generator": "make_%s+to_csv v1" % (
                    "classification" if task == "classify" else "regression")}
    return params


def data(p, outdir):
    files = {}
    for part in ("train", "test"):
        q = dict(p, part=part)
        name = "tree-%s-n%d-d%d-%s.csv" % (p["task"], p["n"], p["d"], part)
        files[part] = cached(outdir, name, q, GENERATE)
    return files


def score_file(ctx, side):
    return os.path.join(ctx.outdir, "tree-%s.%s.score" % (ctx.params["task"], side))


def clearn_argv(ctx):
    return [os.path.join(ctx.builddir, "bench", "bench_tree"), ctx.params["task"],
            ctx.files["train"], ctx.files["test"], SPEC, score_file(ctx, "clearn")]


def peer_args(ctx):
    return [ctx.params["task"], ctx.files["train"], ctx.files["test"],
            score_file(ctx, "peer")]


def read_score(path):
    try:
        with open(path) as f:
            return float(f.read().split("=", 1)[1])
    except (OSError, ValueError, IndexError):
        return None


def targets(ctx, res):
    mine, peer = read_score(score_file(ctx, "clearn")), read_score(score_file(ctx, "peer"))
    what = "accuracy" if ctx.params["task"] == "classify" else "R^2"
    peer_rss = max((r.rss_bytes for r in res.peer_runs), default=None)
    return [
        Target("time ratio <= 0.3", None if res.ratio is None else res.ratio <= 0.3),
        Target("test %s %s vs %s: within 0.005" % (
            what, "-" if mine is None else "%.4f" % mine,
            "-" if peer is None else "%.4f" % peer),
            None if mine is None or peer is None else abs(mine - peer) <= 0.005),
        Target("peak RSS <= scikit-learn's",
               None if peer_rss is None else res.clearn_rss_at_most(peer_rss)),
    ]


CASES = [
    Case("tree_cart_classify",
         "cart vs DecisionTreeClassifier: fit on 100,000 x 32 (make_classification)",
         make_params("classify"), data, clearn_argv, PEER, peer_args, targets),
    Case("tree_cart_regress",
         "cart vs DecisionTreeRegressor: fit on 100,000 x 32 (make_regression)",
         make_params("regress"), data, clearn_argv, PEER, peer_args, targets),
]
