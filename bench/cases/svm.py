"""SVM benchmarks: clearn's svm (libsvm inside) beside svm-train/svm-predict
and beside scikit-learn's SVC (issue 7).

Data: sklearn.datasets.make_classification(n_samples=20000, n_features=32,
random_state=0); the first 10,000 rows train, the last 10,000 test; written
as LIBSVM files by sklearn's dump_svmlight_file (zero_based=False), which
both sides read. The model: C-SVC, RBF kernel, C=1, gamma=1/32 (a power of
two, so svm-train's float reading of -g changes nothing), libsvm's other
defaults (tolerance 0.001, shrinking, 100 MB cache); one thread.

- svm_libsvm: bench/bench_svm files ... times reading both files, fitting and
  predicting; the peer runs svm-train -c 1 -g 0.03125 TRAIN MODEL and
  svm-predict TEST MODEL OUT (Debian's libsvm-tools, the same libsvm), the
  two processes timed together. check: CORRECT,ROWS,SUPPORT_VECTORS.
- svm_sklearn: bench/bench_svm memory ... times the fit and the prediction on
  data already in memory; the peer is SVC(C=1, gamma=0.03125).fit/predict on
  the same arrays (loading not timed). check: CORRECT,ROWS (the same
  accuracy).
- targets: time ratio <= 1.05 (libsvm tools), <= 1.0 (scikit-learn). The
  first case also shows, not judged, clearn's conversion overhead: one more
  run of the clearn program measures fit + predict with tolerance=1e300,
  which stops libsvm before its first iteration: what is left is the
  conversion to libsvm's nodes (both ways), the model copy and libsvm's
  set-up.
"""
import os
import subprocess

from benchlib import Case, Target, cached

SPEC = "svm C=1 gamma=0.03125"

GENERATE = r'''
from sklearn.datasets import make_classification, dump_svmlight_file
p = json.loads(sys.argv[1])
x, y = make_classification(n_samples=2 * p["n"], n_features=p["d"],
                           random_state=p["random_state"])
rows = slice(0, p["n"]) if p["part"] == "train" else slice(p["n"], None)
dump_svmlight_file(x[rows], y[rows], sys.argv[2], zero_based=False)
'''

PEER_TOOLS = r'''
import os, re, subprocess, tempfile
train, test = sys.argv[1:3]
with tempfile.TemporaryDirectory() as tmp:
    model, out = os.path.join(tmp, "model"), os.path.join(tmp, "out")
    t0 = now()
    tr = subprocess.run(["svm-train", "-c", "1", "-g", "0.03125", train, model],
                        stdout=subprocess.PIPE, text=True, check=True).stdout
    pr = subprocess.run(["svm-predict", test, model, out],
                        stdout=subprocess.PIPE, text=True, check=True).stdout
    t1 = now()
nsv = int(re.search(r"Total nSV = (\d+)", tr).group(1))
right, rows = re.search(r"\((\d+)/(\d+)\)", pr).groups()
report(t1 - t0, "%s,%s,%d" % (right, rows, nsv))
'''

PEER_SKLEARN = r'''
from sklearn.datasets import load_svmlight_file
from sklearn.svm import SVC
xtr, ytr = load_svmlight_file(sys.argv[1])
xte, yte = load_svmlight_file(sys.argv[2], n_features=xtr.shape[1])
xtr, xte = xtr.toarray(), xte.toarray()
t0 = now()
model = SVC(C=1, gamma=0.03125).fit(xtr, ytr)
pred = model.predict(xte)
t1 = now()
report(t1 - t0, "%d,%d" % (int(np.sum(pred == yte)), len(yte)))
'''


def params(quick):
    return {"n": 2000 if quick else 10000, "d": 32, "random_state": 0,
            "generator": "make_classification+dump_svmlight_file v1"}


def data(p, outdir):
    files = {}
    for part in ("train", "test"):
        name = "svm-n%d-d%d-%s.libsvm" % (p["n"], p["d"], part)
        files[part] = cached(outdir, name, dict(p, part=part), GENERATE)
    return files


def clearn(mode):
    def argv(ctx):
        return [os.path.join(ctx.builddir, "bench", "bench_svm"), mode,
                ctx.files["train"], ctx.files["test"], SPEC]
    return argv


def overhead(ctx, res):
    """The clearn program's overhead= line from one more run."""
    try:
        out = subprocess.run(clearn("files")(ctx), stdout=subprocess.PIPE,
                             text=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        return None
    fields = dict(kv.split("=", 1) for line in out.splitlines()
                  for kv in line.split() if "=" in kv)
    return float(fields["overhead"]) if "overhead" in fields else None


def tools_targets(ctx, res):
    targets = [Target("time ratio <= 1.05",
                      None if res.ratio is None else res.ratio <= 1.05)]
    o = overhead(ctx, res)
    if o is not None and res.clearn_s:
        targets.append(Target("conversion overhead %.3f s (%.1f%% of clearn's time)"
                              % (o, 100 * o / res.clearn_s), None))
    return targets


def sklearn_targets(ctx, res):
    return [Target("time ratio <= 1.0",
                   None if res.ratio is None else res.ratio <= 1.0),
            Target("same accuracy", res.check_ok)]


CASES = [
    Case("svm_libsvm",
         "clearn svm (read, fit, predict) vs svm-train + svm-predict, RBF, "
         "10,000 x 32 train and test",
         params, data, clearn("files"), PEER_TOOLS,
         lambda ctx: [ctx.files["train"], ctx.files["test"]], tools_targets),
    Case("svm_sklearn",
         "clearn svm (fit, predict) vs scikit-learn SVC, RBF, 10,000 x 32 "
         "train and test",
         params, data, clearn("memory"), PEER_SKLEARN,
         lambda ctx: [ctx.files["train"], ctx.files["test"]], sklearn_targets),
]
