#!/usr/bin/python3
"""Reference values for tests/check_knn.c from scikit-learn.

    /usr/bin/python3 tests/data/knn/sklearn_fixture.py > tests/data/knn/sklearn.txt

Two data sets, each 60 training rows and 20 queries:
  numeric  5 numeric features (normal), 3 classes and a numeric target;
           query 0 equals training row 3, whose features training row 10
           repeats with another class (two neighbours at distance 0);
           query 1 equals training row 7.
  nominal  12 features with 4 levels (codes 0..3), 3 classes and a target,
           for metric=hamming.
Queries are drawn from a pool of candidates (seed 1) and kept, in order,
when for every setting below they have no distance tie at the k-th
neighbour (k-th and k+1-th differ by more than 1e-9 relative) and no
weights=distance class vote within 1e-9 of a tie, so that the results do
not depend on tie-breaking or rounding.

Lines:  data NAME ROWS QUERIES FEATURES CLASSES SEED
        train F1..Fd CLASS TARGET        (ROWS lines)
        query F1..Fd                     (QUERIES lines)
        case NAME METRIC P WEIGHTS K
        pred  QUERIES class codes        (KNeighborsClassifier.predict)
        proba QUERIES x CLASSES          (predict_proba, row-major)
        reg   QUERIES values             (KNeighborsRegressor.predict)
        nbr   QUERIES x K indices        (kneighbors; numeric data only)
        dist  QUERIES x K distances
Numbers are Python repr (shortest round-trip)."""
import sys
import numpy as np
import sklearn
from sklearn.neighbors import KNeighborsClassifier, KNeighborsRegressor

SETTINGS = {
    "numeric": [(m, p, w, k) for m, p in [("euclidean", 2), ("sqeuclidean", 2),
                                          ("manhattan", 1), ("chebyshev", 2),
                                          ("minkowski", 3), ("cosine", 2)]
                for w in ("uniform", "distance") for k in (5,)]
               + [("euclidean", 2, w, k) for w in ("uniform", "distance")
                  for k in (2, 3, 7)],
    "nominal": [("hamming", 2, w, k) for w in ("uniform", "distance") for k in (3, 5)],
}


def make(name):
    """Training rows, class, target and a pool of candidate queries."""
    rng = np.random.default_rng(1)
    if name == "numeric":
        x = rng.normal(size=(60, 5))
        pool = rng.normal(size=(500, 5))
        x[10] = x[3]
        pool[0] = x[3]
        pool[1] = x[7]
    else:
        x = rng.integers(0, 4, size=(60, 12)).astype(float)
        pool = rng.integers(0, 4, size=(5000, 12)).astype(float)
    y = rng.integers(0, 3, size=60)
    if name == "numeric":
        y[10] = (y[3] + 1) % 3
    t = x.sum(axis=1) + rng.normal(size=60)
    return x, pool, y, t


def kw(metric, p):
    return {"metric": metric, "p": p} if metric == "minkowski" else {"metric": metric}


def clean(x, pool, y, metric, p, weights, k):
    """Per candidate: no tie at the k-th distance, no near-tie in a
    distance-weighted vote."""
    c = KNeighborsClassifier(n_neighbors=k + 1, **kw(metric, p)).fit(x, y)
    dist, _ = c.kneighbors(pool)
    a, b = dist[:, k - 1], dist[:, k]
    ok = np.abs(a - b) > 1e-9 * np.maximum(np.maximum(np.abs(a), np.abs(b)), 1e-300)
    if weights == "distance":
        pr = KNeighborsClassifier(n_neighbors=k, weights="distance",
                                  **kw(metric, p)).fit(x, y).predict_proba(pool)
        s = np.sort(pr, axis=1)
        near = ~((s[:, -1] - s[:, -2] > 1e-9) | (s[:, -1] == 1))
        near[:2] &= len(pool) != 500   # the zero-distance queries: exact 1/0 weights
        ok &= ~near
    return ok


def main():
    out = sys.stdout
    out.write("# scikit-learn %s, numpy %s\n" % (sklearn.__version__, np.__version__))
    for name, settings in SETTINGS.items():
        x, pool, y, t = make(name)
        ok = np.ones(len(pool), dtype=bool)
        for s in settings:
            ok &= clean(x, pool, y, *s)
        q = pool[np.flatnonzero(ok)[:20]]
        if name == "numeric" and not (ok[0] and ok[1]):
            sys.exit("the zero-distance queries are not clean")
        out.write("data %s %d %d %d 3 1\n" % (name, len(x), len(q), x.shape[1]))
        for i in range(len(x)):
            out.write("train %s %d %r\n" % (" ".join(repr(float(v)) for v in x[i]),
                                            y[i], float(t[i])))
        for i in range(len(q)):
            out.write("query %s\n" % " ".join(repr(float(v)) for v in q[i]))
        for metric, p, weights, k in settings:
            args = dict(n_neighbors=k, weights=weights, **kw(metric, p))
            c = KNeighborsClassifier(**args).fit(x, y)
            r = KNeighborsRegressor(**args).fit(x, t)
            out.write("case %s %s %r %s %d\n" % (name, metric, float(p), weights, k))
            out.write("pred %s\n" % " ".join(str(int(v)) for v in c.predict(q)))
            out.write("proba %s\n" % " ".join(repr(float(v)) for v in c.predict_proba(q).ravel()))
            out.write("reg %s\n" % " ".join(repr(float(v)) for v in r.predict(q)))
            if name == "numeric" and weights == "uniform":
                dist, ind = c.kneighbors(q)
                out.write("nbr %s\n" % " ".join(str(int(v)) for v in ind[2:].ravel()))
                out.write("dist %s\n" % " ".join(repr(float(v)) for v in dist[2:].ravel()))


main()
