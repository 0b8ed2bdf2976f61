"""Linear-model benchmarks (issue 8): clearn beside scikit-learn on the same
data, each side timing only the fit, in one run.

Data (fixed seeds), written as a binary file both sides read: two int64
(n, d), then n rows of d features and the class as float64.
- linear_ols: make_regression(n_samples=1,000,000, n_features=50,
  noise=1.0, random_state=0). clearn: "ols threads=0"; peer:
  LinearRegression().fit(X, y). check: both sides' coefficients (and
  intercept) within 1e-8 of LinearRegression's, relatively (the reference
  is computed once, by the generator). Targets: time ratio <= 0.2.
- linear_logreg: make_classification(n_samples=100,000, n_features=32,
  n_informative=16, n_classes=3, random_state=0). clearn: "logreg
  threads=0" (L2, C=1, L-BFGS, tol 1e-4, max_iter 100: scikit-learn's
  defaults); peer: LogisticRegression().fit(X, y). check: the training
  accuracy equals the reference's to 0.001. Target: time ratio <= 0.8.
- linear_lasso_path: make_regression(n_samples=100,000, n_features=100,
  noise=1.0, random_state=0). clearn: clearn_lasso_path with 100 alphas,
  no intercept, tol 1e-4; peer: lasso_path(X, y, n_alphas=100). check:
  every coefficient of the path within 1e-3 of a tightly converged path
  (lasso_path with tol=1e-10), relative to the largest coefficient of the
  path. Target: time ratio <= 1.0.
--quick divides the rows by 10.
"""
import os

from benchlib import Case, Target, cached

WRITE = r'''
def write(path, x, y):
    with open(path, "wb") as f:
        np.array(x.shape, dtype="<i8").tofile(f)
        np.ascontiguousarray(np.c_[x, y], dtype="<f8").tofile(f)
'''

READ = r'''
def read(path):
    with open(path, "rb") as f:
        n, d = np.fromfile(f, dtype="<i8", count=2)
        a = np.fromfile(f, dtype="<f8").reshape(n, d + 1)
    return np.ascontiguousarray(a[:, :d]), a[:, d].copy()
'''

GENERATE = WRITE + r'''
from sklearn.datasets import make_classification, make_regression
p = json.loads(sys.argv[1])
if p["kind"] == "classification":
    x, y = make_classification(n_samples=p["n"], n_features=p["d"],
                               n_informative=p["informative"],
                               n_classes=p["classes"],
                               random_state=p["random_state"])
else:
    x, y = make_regression(n_samples=p["n"], n_features=p["d"], noise=1.0,
                           random_state=p["random_state"])
write(sys.argv[2], x, y.astype(float))
'''

REFERENCE = READ + r'''
import warnings
from sklearn.linear_model import LinearRegression, LogisticRegression, lasso_path
p = json.loads(sys.argv[1])
x, y = read(p["data"])
warnings.simplefilter("ignore")
if p["model"] == "ols":
    m = LinearRegression().fit(x, y)
    ref = np.r_[m.intercept_, m.coef_]
elif p["model"] == "logreg":
    ref = [LogisticRegression().fit(x, y.astype(int)).score(x, y.astype(int))]
else:
    ref = lasso_path(x, y, n_alphas=100, tol=1e-10, max_iter=100000)[1].T.ravel()
np.savetxt(sys.argv[2], np.asarray(ref, dtype=float), fmt="%.17g")
'''

PEER = READ + r'''
import warnings
from sklearn.linear_model import LinearRegression, LogisticRegression, lasso_path
model, data, refpath = sys.argv[1:4]
x, y = read(data)
ref = np.loadtxt(refpath, ndmin=1)
warnings.simplefilter("ignore")
if model == "ols":
    t0 = now()
    m = LinearRegression().fit(x, y)
    t1 = now()
    coef = np.r_[m.intercept_, m.coef_]
    rel = float(np.max(np.abs(coef - ref) / np.maximum(np.abs(ref), 1e-300)))
    print("maxrel=%.3g" % rel)
    report(t1 - t0, "%d,%d,%s" % (x.shape[0], x.shape[1],
                                  "agree" if rel <= 1e-8 else "DIFFER"))
elif model == "logreg":
    yi = y.astype(int)
    t0 = now()
    m = LogisticRegression().fit(x, yi)
    t1 = now()
    acc = m.score(x, yi)
    print("accuracy=%.6f" % acc)
    report(t1 - t0, "%d,3,%s" % (x.shape[0],
                                 "same" if abs(acc - ref[0]) <= 1e-3 else "DIFFERENT"))
else:
    t0 = now()
    alphas, coefs, _ = lasso_path(x, y, n_alphas=100)
    t1 = now()
    c = coefs.T
    r = ref.reshape(c.shape)
    big = float(np.max(np.abs(r)))
    rel = float(np.max(np.abs(c - r)) / big) if big > 0 else 0.0
    print("maxrel=%.3g" % rel)
    report(t1 - t0, "%d,%d,%s" % (c.shape[0], c.shape[1],
                                  "agree" if rel <= 1e-3 else "DIFFER"))
'''

SETUPS = {
    "ols": {"kind": "regression", "n": 1000000, "d": 50, "random_state": 0},
    "logreg": {"kind": "classification", "n": 100000, "d": 32, "informative": 16,
               "classes": 3, "random_state": 0},
    "lasso": {"kind": "regression", "n": 100000, "d": 100, "random_state": 0},
}


def params(model):
    def make(quick):
        p = dict(SETUPS[model], generator="linear v1", model=model)
        if quick:
            p["n"] //= 10
        return p
    return make


def data(p, outdir):
    base = "linear-%s-n%d-d%d" % (p["model"], p["n"], p["d"])
    gen = {k: v for k, v in p.items() if k != "model"}
    path = cached(outdir, base + ".bin", gen, GENERATE)
    ref = cached(outdir, base + ".ref", dict(p, data=path), REFERENCE)
    return {"data": path, "ref": ref}


def clearn(model):
    def argv(ctx):
        return [os.path.join(ctx.builddir, "bench", "bench_linear"), model,
                ctx.files["data"], ctx.files["ref"]]
    return argv


def peer_args(model):
    return lambda ctx: [model, ctx.files["data"], ctx.files["ref"]]


def ratio_target(limit, what):
    def targets(ctx, res):
        return [Target("time ratio <= %g" % limit,
                       None if res.ratio is None else res.ratio <= limit),
                Target(what, res.check_ok)]
    return targets


CASES = [
    Case("linear_ols",
         "ols vs LinearRegression, 1,000,000 x 50 (make_regression)",
         params("ols"), data, clearn("ols"), PEER, peer_args("ols"),
         ratio_target(0.2, "coefficients agree to 1e-8")),
    Case("linear_logreg",
         "logreg vs LogisticRegression (lbfgs, L2), 100,000 x 32, 3 classes",
         params("logreg"), data, clearn("logreg"), PEER, peer_args("logreg"),
         ratio_target(0.8, "same accuracy")),
    Case("linear_lasso_path",
         "clearn_lasso_path vs lasso_path, 100 alphas, 100,000 x 100",
         params("lasso"), data, clearn("lasso"), PEER, peer_args("lasso"),
         ratio_target(1.0, "path agrees to 1e-3")),
]
