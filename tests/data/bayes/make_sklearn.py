#!/usr/bin/python3
# Regenerates the scikit-learn reference probabilities used by
# tests/check_bayes.c, with Debian's python3-sklearn (1.2.1):
#   /usr/bin/python3 tests/data/bayes/make_sklearn.py   (from the top of the tree)
# It also writes the count data sets counts_train.csv / counts_test.csv
# (numpy seed 8). Each .txt file starts with "# " lines giving the estimator
# and the data; then one row of predict_proba per test row, %.17g, columns in
# clearn's class order (the order of the class's categories in the file).
# The "wide" cases use data both sides compute from a formula (see wide()).
import sys
import warnings
import numpy as np
import pandas as pd
from sklearn.naive_bayes import GaussianNB, MultinomialNB, BernoulliNB, CategoricalNB

OUT = "tests/data/bayes"
warnings.simplefilter("ignore")


def dump(name, est, desc, classes_ours, classes_sk, proba):
    order = [list(classes_sk).index(c) for c in classes_ours]
    with open(f"{OUT}/{name}.txt", "w") as f:
        f.write(f"# {est!r}\n# {desc}\n")
        for row in proba[:, order]:
            f.write(" ".join("%.17g" % v for v in row) + "\n")


def case(name, est, desc, xtr, ytr, xte, classes_ours):
    est.fit(xtr, ytr)
    dump(name, est, desc, classes_ours, est.classes_, est.predict_proba(xte))


def counts():
    rng = np.random.RandomState(8)
    k, d = 3, 20
    rates = rng.gamma(1.0, 1.5, size=(k, d))
    rates[:, 5] = 0          # a feature that is always 0
    rates[1, 7] = 0          # and one that class b never has

    def make(n, first):
        y = np.concatenate([np.arange(k), rng.randint(0, k, n - k)]) if first else rng.randint(0, k, n)
        x = rng.poisson(rates[y])
        return x, y
    xtr, ytr = make(150, True)
    xte, yte = make(40, False)
    xte[0] = 0               # an all-zero row
    names = np.array(["a", "b", "c"])
    for x, y, f in ((xtr, ytr, "counts_train.csv"), (xte, yte, "counts_test.csv")):
        df = pd.DataFrame(x, columns=[f"w{j + 1}" for j in range(d)])
        df["class"] = names[y]
        df.to_csv(f"{OUT}/{f}", index=False)
    return xtr, names[ytr], xte


def wide(n, d, kind):
    """Wide data for the underflow tests, exact in doubles on both sides:
    x[i][j] = ((7 i + 3 j) mod 5 + b) / s, b = (i / 2 + j) mod 3 (integer
    division) for the first 4 features of class-1 rows, else 0; the class
    c = i mod 2; s = 7 for the Gaussian data, 1 for counts. The other
    features have the same distribution in both classes: they cancel in the
    posterior but make every joint log-likelihood about -10^4."""
    i = np.arange(n).reshape(-1, 1)
    j = np.arange(d).reshape(1, -1)
    c = i % 2
    b = np.where((j < 4) & (c == 1), (i // 2 + j) % 3, 0)
    x = ((7 * i + 3 * j) % 5 + b) / (7.0 if kind == "gauss" else 1.0)
    return x, np.where(c.ravel() == 0, "c0", "c1")


def main():
    iris = pd.read_csv("datasets/iris.csv")
    xi, yi = iris.iloc[:, :4].to_numpy(), iris["class"].to_numpy()
    ci = ["Iris-setosa", "Iris-versicolor", "Iris-virginica"]
    # test rows: the data, the data stretched away from the means (tiny
    # probabilities), and a few far-off points
    far = np.array([[8, 1, 9, 4], [0, 0, 0, 0], [20, 20, 20, 20], [5.8, 3.0, 4.35, 1.3]])
    xit = np.vstack([xi, 1.5 * xi - 0.5 * xi.mean(axis=0), far])
    desc = "train datasets/iris.csv; test its rows, then 1.5 x - 0.5 mean(x), then 4 far points"
    case("gaussian_iris", GaussianNB(), desc, xi, yi, xit, ci)
    case("gaussian_iris_vs0", GaussianNB(var_smoothing=0), desc, xi, yi, xit, ci)
    case("gaussian_iris_vs01", GaussianNB(var_smoothing=0.01), desc, xi, yi, xit, ci)

    xtr, ytr, xte = counts()
    cc = ["a", "b", "c"]
    desc = "train counts_train.csv; test counts_test.csv"
    case("multinomial_a1", MultinomialNB(), desc, xtr, ytr, xte, cc)
    case("multinomial_a05_noprior", MultinomialNB(alpha=0.5, fit_prior=False), desc, xtr, ytr, xte, cc)
    case("multinomial_a1e-10", MultinomialNB(alpha=1e-10), desc, xtr, ytr, xte, cc)
    case("bernoulli_a1", BernoulliNB(), desc, xtr, ytr, xte, cc)
    case("bernoulli_a03_b25", BernoulliNB(alpha=0.3, binarize=2.5), desc, xtr, ytr, xte, cc)

    with open("datasets/weather.nominal.arff") as f:
        lines = f.read().split("@data")[1].split()
    w = pd.DataFrame([r.split(",") for r in lines])
    cats = [["sunny", "overcast", "rainy"], ["hot", "mild", "cool"], ["high", "normal"],
            ["TRUE", "FALSE"]]
    xw = np.array([[cats[j].index(str(v).strip()) for j, v in enumerate(r)] for r in w.iloc[:, :4].to_numpy()])
    yw = w.iloc[:, 4].str.strip().to_numpy()
    # every combination of values as test rows, in lexicographic order of codes
    grid = np.array(np.meshgrid(*[np.arange(len(c)) for c in cats], indexing="ij")).reshape(4, -1).T
    desc = "train datasets/weather.nominal.arff (codes in the file's order); test all 36 combinations"
    mc = [len(c) for c in cats]
    case("categorical_a1", CategoricalNB(min_categories=mc), desc, xw, yw, grid, ["yes", "no"])
    case("categorical_a05", CategoricalNB(alpha=0.5, min_categories=mc), desc, xw, yw, grid, ["yes", "no"])
    case("categorical_a0", CategoricalNB(alpha=0.0, force_alpha=True, min_categories=mc), desc,
         xw, yw, grid, ["yes", "no"])

    x, y = wide(60, 5000, "gauss")
    case("wide_gaussian", GaussianNB(), "wide(60, 5000, gauss): train and test the same rows",
         x, y, x, ["c0", "c1"])
    x, y = wide(60, 5000, "counts")
    case("wide_multinomial", MultinomialNB(), "wide(60, 5000, counts)", x, y, x, ["c0", "c1"])
    case("wide_bernoulli", BernoulliNB(binarize=2.5), "wide(60, 5000, counts)", x, y, x, ["c0", "c1"])


if __name__ == "__main__":
    sys.exit(main())
