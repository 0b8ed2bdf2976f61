#!/usr/bin/python3
# Regenerates the scikit-learn references used by tests/check_sgd.c, with
# Debian's python3-sklearn (1.2.1):
#   /usr/bin/python3 tests/data/sgd/make_sklearn.py   (from the top of the tree)
# The data is standardised with StandardScaler (clearn: "standardize |").
# Each .txt file starts with "# " lines giving the estimator and the data,
# then "n_iter N", "intercept ..." and one "coef ..." line per equation
# (%.17g), and for loss='log_loss' the predict_proba rows on the training
# data ("proba ..."). accuracy.txt: training accuracy over random_state
# 0..9 with shuffling.
import warnings
import numpy as np
import pandas as pd
from sklearn.linear_model import SGDClassifier, Perceptron
from sklearn.preprocessing import StandardScaler

OUT = "tests/data/sgd"
warnings.simplefilter("ignore")


def data(name):
    df = pd.read_csv(f"datasets/{name}.csv")
    x = StandardScaler().fit_transform(df.iloc[:, :-1].to_numpy(dtype=float))
    return x, df.iloc[:, -1].astype(str).to_numpy()


def dump(tag, est, dname, x, y):
    est.fit(x, y)
    with open(f"{OUT}/{tag}.txt", "w") as f:
        f.write("# " + " ".join(repr(est).split()) +
                f"\n# {dname} standardised; classes {list(est.classes_)}\n")
        f.write(f"n_iter {est.n_iter_}\n")
        f.write("intercept " + " ".join("%.17g" % v for v in est.intercept_) + "\n")
        for row in est.coef_:
            f.write("coef " + " ".join("%.17g" % v for v in row) + "\n")
        if getattr(est, "loss", "") in ("log_loss", "modified_huber"):
            for row in est.predict_proba(x):
                f.write("proba " + " ".join("%.17g" % v for v in row) + "\n")


def main():
    iris = data("iris")
    bc = data("breast_cancer")
    dump("perceptron_bc", Perceptron(shuffle=False), "datasets/breast_cancer.csv", *bc)
    df = pd.read_csv("datasets/iris.csv").iloc[:100]
    dump("perceptron_iris2", Perceptron(shuffle=False), "datasets/iris.csv, first 100 rows",
         StandardScaler().fit_transform(df.iloc[:, :-1].to_numpy(dtype=float)),
         df.iloc[:, -1].to_numpy())
    dump("sgd_hinge_l2_iris", SGDClassifier(shuffle=False), "datasets/iris.csv", *iris)
    dump("sgd_hinge_l2_bc", SGDClassifier(shuffle=False), "datasets/breast_cancer.csv", *bc)
    dump("sgd_log_l1_iris", SGDClassifier(loss="log_loss", penalty="l1", shuffle=False),
         "datasets/iris.csv", *iris)
    dump("sgd_log_en_bc", SGDClassifier(loss="log_loss", penalty="elasticnet", alpha=0.001,
                                        shuffle=False), "datasets/breast_cancer.csv", *bc)
    dump("sgd_squared_const_iris", SGDClassifier(loss="squared_error", learning_rate="constant",
                                                 eta0=0.001, shuffle=False), "datasets/iris.csv", *iris)
    dump("sgd_log_invscaling_none_iris",
         SGDClassifier(loss="log_loss", penalty=None, learning_rate="invscaling", eta0=0.1,
                       fit_intercept=False, shuffle=False), "datasets/iris.csv", *iris)
    dump("sgd_modhuber_iris", SGDClassifier(loss="modified_huber", shuffle=False),
         "datasets/iris.csv", *iris)
    dump("sgd_modhuber_bc", SGDClassifier(loss="modified_huber", alpha=0.01, shuffle=False),
         "datasets/breast_cancer.csv", *bc)
    dump("sgd_sqhinge_bc", SGDClassifier(loss="squared_hinge", learning_rate="constant", eta0=0.001,
                                         shuffle=False),
         "datasets/breast_cancer.csv", *bc)
    dump("sgd_perceptron_iris", SGDClassifier(loss="perceptron", penalty=None, shuffle=False),
         "datasets/iris.csv", *iris)
    dump("sgd_balanced_bc", SGDClassifier(class_weight="balanced", shuffle=False),
         "datasets/breast_cancer.csv", *bc)
    dump("sgd_weights_iris", SGDClassifier(loss="log_loss", shuffle=False,
                                           class_weight={"Iris-virginica": 3, "Iris-setosa": 0.5}),
         "datasets/iris.csv", *iris)
    with open(f"{OUT}/accuracy.txt", "w") as f:
        f.write("# training accuracy, mean over random_state 0..9, data standardised\n")
        for dname, (x, y) in (("iris", iris), ("breast_cancer", bc)):
            for tag, make in (("sgd", lambda s: SGDClassifier(random_state=s)),
                              ("sgd_log", lambda s: SGDClassifier(loss="log_loss", random_state=s)),
                              ("perceptron", lambda s: Perceptron(random_state=s))):
                acc = np.mean([make(s).fit(x, y).score(x, y) for s in range(10)])
                f.write(f"{dname} {tag} {acc:.4f}\n")


if __name__ == "__main__":
    main()
