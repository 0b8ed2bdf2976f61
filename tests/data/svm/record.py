#!/usr/bin/python3
"""Records the reference values of tests/check_svm.c and tests/check_liblinear.c.

Run from the top of the source tree:  /usr/bin/python3 tests/data/svm/record.py
(needs libsvm-tools, liblinear-tools, python3-numpy, python3-sklearn).

For each configuration it runs the Debian tools (libsvm 3.24: svm-train,
svm-predict; liblinear 2.3.0: liblinear-train, liblinear-predict) exactly as
the header of each fixture file shows, then asks the same shared libraries,
through ctypes, for the decision values of every row with the model file the
tool wrote (svm_load_model + svm_predict_values, load_model +
predict_values): the values svm-predict and liblinear-predict compute
before they print a label. Doubles are written with 17 significant digits.

Debian's svm-train reads its numeric options through a float: -g 0.07
trains with gamma = 0.070000000298023224 (its model file says so), -n 0.3
with nu = 0.30000001192092896, -w-1 0.9 with 0.89999997615814209. The
tests give clearn those float values to reproduce the tools bit for bit
(and check the plain decimals to within the difference they make).

Fixture format (one item per line):
    # command lines
    nsv N | rho X | probA X | probB X       (libsvm; per pair for rho/prob)
    label L L                               (the tools' label order)
    w ...                                   (liblinear: the model's weights)
    predicted LABEL ... / accuracy K/N       (the tools' output)
    dec ROW-VALUES...                       (one line per row)
    prob ROW-VALUES...                      (-b 1 output, tools' label order)
"""
import ctypes
import os
import re
import subprocess
import sys
import tempfile

import numpy as np

OUT = "tests/data/svm"
HEART = "datasets/heart_scale.libsvm"


class Node(ctypes.Structure):
    _fields_ = [("index", ctypes.c_int), ("value", ctypes.c_double)]


def read_libsvm(path):
    rows = []
    for line in open(path):
        parts = line.split()
        if not parts:
            continue
        rows.append((parts[0], [(int(a), float(b)) for a, b in
                                (p.split(":") for p in parts[1:])]))
    return rows


def nodes(feats, bias_index=None, bias=None):
    arr = (Node * (len(feats) + 2))()
    k = 0
    for i, v in feats:
        arr[k].index, arr[k].value = i, v
        k += 1
    if bias_index is not None:
        arr[k].index, arr[k].value = bias_index, bias
        k += 1
    arr[k].index = -1
    return arr


def run(cmd):
    r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                       text=True, check=True)
    return r.stdout


def fmt(x):
    return "%.17g" % x


# ---- libsvm ------------------------------------------------------------------

libsvm = ctypes.CDLL("libsvm.so.3")
libsvm.svm_load_model.restype = ctypes.c_void_p
libsvm.svm_load_model.argtypes = [ctypes.c_char_p]
libsvm.svm_predict_values.restype = ctypes.c_double
libsvm.svm_predict_values.argtypes = [ctypes.c_void_p, ctypes.c_void_p,
                                      ctypes.POINTER(ctypes.c_double)]
libsvm.svm_get_nr_class.argtypes = [ctypes.c_void_p]
libsvm.svm_get_svm_type.argtypes = [ctypes.c_void_p]


def svm_case(name, data, opts, prob=False, note=""):
    rows = read_libsvm(data)
    with tempfile.TemporaryDirectory() as tmp:
        model = os.path.join(tmp, "model")
        pred = os.path.join(tmp, "pred")
        train_cmd = ["svm-train"] + opts + [data, model]
        train_out = run(train_cmd)
        b = ["-b", "1"] if prob else []
        pred_cmd = ["svm-predict"] + b + [data, model, pred]
        pred_out = run(pred_cmd)
        text = open(model).read()
        m = libsvm.svm_load_model(model.encode())
        nr = libsvm.svm_get_nr_class(m)
        stype = libsvm.svm_get_svm_type(m)
        npair = nr * (nr - 1) // 2 if stype in (0, 1) else 1
        dec = (ctypes.c_double * max(npair, 1))()
        lines = ["# " + " ".join(train_cmd).replace(tmp + "/", ""),
                 "# " + " ".join(pred_cmd).replace(tmp + "/", "")]
        if note:
            lines.append("# " + note)
        lines.append("# svm-train: " + " | ".join(
            l for l in train_out.splitlines() if "nSV" in l or "rho" in l))
        lines.append("# svm-predict: " + pred_out.strip().splitlines()[-1])
        lines.append("nsv " + re.search(r"total_sv (\d+)", text).group(1))
        lines.append("rho " + re.search(r"\nrho (.*)\n", text).group(1).strip())
        for key in ("gamma", "coef0", "label", "nr_sv", "probA", "probB"):
            mt = re.search(r"\n%s (.*)\n" % key, text)
            if mt:
                lines.append("%s %s" % (key, mt.group(1).strip()))
        plines = open(pred).read().splitlines()
        if prob:
            plines = plines[1:]
        lines.append("predicted " + " ".join(l.split()[0] for l in plines))
        acc = re.search(r"\((\d+/\d+)\)", pred_out)
        if acc:
            lines.append("accuracy " + acc.group(1))
        for _, feats in rows:
            libsvm.svm_predict_values(m, nodes(feats), dec)
            lines.append("dec " + " ".join(fmt(dec[i]) for i in range(npair)))
        if prob:
            for l in plines:
                lines.append("prob " + " ".join(l.split()[1:]))
    path = os.path.join(OUT, name + ".txt")
    open(path, "w").write("\n".join(lines) + "\n")
    print("wrote", path)


# ---- liblinear -----------------------------------------------------------------

liblinear = ctypes.CDLL("liblinear.so.4")
liblinear.load_model.restype = ctypes.c_void_p
liblinear.load_model.argtypes = [ctypes.c_char_p]
liblinear.predict_values.restype = ctypes.c_double
liblinear.predict_values.argtypes = [ctypes.c_void_p, ctypes.c_void_p,
                                     ctypes.POINTER(ctypes.c_double)]
liblinear.get_nr_class.argtypes = [ctypes.c_void_p]
liblinear.get_nr_feature.argtypes = [ctypes.c_void_p]


def linear_case(name, data, opts, prob=False):
    rows = read_libsvm(data)
    with tempfile.TemporaryDirectory() as tmp:
        model = os.path.join(tmp, "model")
        pred = os.path.join(tmp, "pred")
        train_cmd = ["liblinear-train"] + opts + [data, model]
        run(train_cmd)
        b = ["-b", "1"] if prob else []
        pred_cmd = ["liblinear-predict"] + b + [data, model, pred]
        pred_out = run(pred_cmd)
        text = open(model).read()
        m = liblinear.load_model(model.encode())
        nr = liblinear.get_nr_class(m)
        nf = liblinear.get_nr_feature(m)
        solver = re.search(r"solver_type (\S+)", text).group(1)
        nw = 1 if nr == 2 and solver != "MCSVM_CS" else nr
        dec = (ctypes.c_double * nw)()
        lines = ["# " + " ".join(train_cmd).replace(tmp + "/", ""),
                 "# " + " ".join(pred_cmd).replace(tmp + "/", ""),
                 "# liblinear-predict: " + pred_out.strip().splitlines()[-1]]
        lines.append("label " + re.search(r"\nlabel (.*)\n", text).group(1).strip())
        w = text.split("\nw\n", 1)[1].split()
        lines.append("w " + " ".join(w))
        plines = open(pred).read().splitlines()
        if prob:
            plines = plines[1:]
        lines.append("predicted " + " ".join(l.split()[0] for l in plines))
        acc = re.search(r"\((\d+/\d+)\)", pred_out)
        lines.append("accuracy " + acc.group(1))
        for _, feats in rows:
            liblinear.predict_values(m, nodes(feats, nf + 1, 1.0), dec)
            lines.append("dec " + " ".join(fmt(dec[i]) for i in range(nw)))
        if prob:
            for l in plines:
                lines.append("prob " + " ".join(l.split()[1:]))
    path = os.path.join(OUT, name + ".txt")
    open(path, "w").write("\n".join(lines) + "\n")
    print("wrote", path)


def linear_svr_case(name, data, opts):
    """liblinear's regression solvers (-s 11, 12, 13): no labels; the
    predictions are the decision values, recorded in full."""
    rows = read_libsvm(data)
    with tempfile.TemporaryDirectory() as tmp:
        model = os.path.join(tmp, "model")
        pred = os.path.join(tmp, "pred")
        train_cmd = ["liblinear-train"] + opts + [data, model]
        run(train_cmd)
        pred_cmd = ["liblinear-predict", data, model, pred]
        pred_out = run(pred_cmd)
        text = open(model).read()
        m = liblinear.load_model(model.encode())
        nf = liblinear.get_nr_feature(m)
        dec = (ctypes.c_double * 1)()
        lines = ["# " + " ".join(train_cmd).replace(tmp + "/", ""),
                 "# " + " ".join(pred_cmd).replace(tmp + "/", ""),
                 "# liblinear-predict: " + pred_out.strip().splitlines()[0]]
        w = text.split("\nw\n", 1)[1].split()
        lines.append("w " + " ".join(w))
        lines.append("predicted " + " ".join(l.split()[0] for l in open(pred)))
        for _, feats in rows:
            liblinear.predict_values(m, nodes(feats, nf + 1, 1.0), dec)
            lines.append("dec " + fmt(dec[0]))
    path = os.path.join(OUT, name + ".txt")
    open(path, "w").write("\n".join(lines) + "\n")
    print("wrote", path)


# ---- derived data files -----------------------------------------------------------

def write_derived():
    """iris_shuffled.libsvm: iris.csv's features with the class as codes
    0, 1, 2 (setosa, versicolor, virginica), rows shuffled with numpy seed 7
    so that the labels first appear in the order 2, 0, 1... (libsvm's label
    order differs from the category order). heart_reg.libsvm: heart_scale
    with feature 1 (age) as the numeric label and features 2..13 renumbered
    1..12."""
    import csv
    rd = list(csv.reader(open("datasets/iris.csv")))[1:]
    names = {"Iris-setosa": 0, "Iris-versicolor": 1, "Iris-virginica": 2}
    order = np.random.RandomState(7).permutation(len(rd))
    with open(os.path.join(OUT, "iris_shuffled.libsvm"), "w") as f:
        for i in order:
            r = rd[i]
            f.write("%d %s\n" % (names[r[4]], " ".join(
                "%d:%s" % (j + 1, r[j]) for j in range(4))))
    with open(os.path.join(OUT, "heart_reg.libsvm"), "w") as f:
        for _, feats in read_libsvm(HEART):
            d = dict(feats)
            f.write("%r %s\n" % (d.get(1, 0.0), " ".join(
                "%d:%s" % (i - 1, repr(v)) for i, v in feats if i > 1)))


def sklearn_iris():
    """scikit-learn's SVC on the same shuffled iris: decision_function with
    decision_function_shape='ovo' (columns (0,1), (0,2), (1,2) of the sorted
    classes, > 0 for the first of the pair): a second, independent build of
    libsvm (scikit-learn's fork), so agreement is only to the tolerance."""
    from sklearn.datasets import load_svmlight_file
    from sklearn.svm import SVC
    x, y = load_svmlight_file(os.path.join(OUT, "iris_shuffled.libsvm"))
    m = SVC(C=1, gamma=0.25, decision_function_shape="ovo").fit(x.toarray(), y)
    d = m.decision_function(x.toarray())
    lines = ["# sklearn %s: SVC(C=1, gamma=0.25, decision_function_shape='ovo')"
             ".fit(X, y).decision_function(X) on iris_shuffled.libsvm"
             % __import__("sklearn").__version__,
             "nsv %d" % m.n_support_.sum()]
    lines += ["dec " + " ".join(fmt(v) for v in row) for row in d]
    path = os.path.join(OUT, "iris_sklearn.txt")
    open(path, "w").write("\n".join(lines) + "\n")
    print("wrote", path)


def main():
    if not os.path.exists(HEART):
        sys.exit("run from the top of the source tree")
    write_derived()
    svm_case("heart_default", HEART, [])
    svm_case("heart_c1_g007", HEART, ["-c", "1", "-g", "0.07"])
    svm_case("heart_prob", HEART, ["-b", "1"], prob=True,
             note="svm-train never calls srand(): glibc's default seed is 1")
    svm_case("heart_linear", HEART, ["-t", "0", "-c", "0.5"])
    svm_case("heart_poly", HEART, ["-t", "1", "-d", "2", "-g", "0.1", "-r", "1"])
    svm_case("heart_sigmoid", HEART, ["-t", "3", "-g", "0.01", "-r", "-0.5"])
    svm_case("heart_nu", HEART, ["-s", "1", "-n", "0.3"])
    svm_case("heart_weights", HEART, ["-c", "2", "-w1", "3", "-w-1", "0.5"])
    svm_case("heart_balanced", HEART, ["-w1", "1.125", "-w-1", "0.9"],
             note="class_weight=balanced: 270 / (2 x 120) = 1.125 for +1, "
                  "270 / (2 x 150) = 0.9 for -1")
    svm_case("heart_oneclass", HEART, ["-s", "2", "-n", "0.2"])
    svm_case("iris", os.path.join(OUT, "iris_shuffled.libsvm"), ["-g", "0.25"])
    svm_case("iris_prob", os.path.join(OUT, "iris_shuffled.libsvm"),
             ["-g", "0.25", "-b", "1"], prob=True,
             note="svm-train never calls srand(): glibc's default seed is 1")
    svm_case("reg_eps", os.path.join(OUT, "heart_reg.libsvm"), ["-s", "3", "-p", "0.05"])
    svm_case("reg_nu", os.path.join(OUT, "heart_reg.libsvm"), ["-s", "4", "-t", "1", "-d", "2"])
    sklearn_iris()
    for s in range(8):
        linear_case("linear_s%d" % s, HEART, ["-s", str(s), "-B", "1"],
                    prob=s in (0, 6, 7))
    linear_case("linear_iris_s1", os.path.join(OUT, "iris_shuffled.libsvm"),
                ["-s", "1", "-B", "1"])
    linear_case("linear_iris_s4", os.path.join(OUT, "iris_shuffled.libsvm"),
                ["-s", "4", "-B", "1"])
    linear_case("linear_iris_s0", os.path.join(OUT, "iris_shuffled.libsvm"),
                ["-s", "0", "-B", "1"], prob=True)
    linear_case("linear_nobias", HEART, ["-s", "2"])
    linear_case("linear_weights", HEART, ["-s", "2", "-B", "1", "-c", "0.5",
                                           "-w1", "2", "-w-1", "0.7"])
    reg = os.path.join(OUT, "heart_reg.libsvm")
    for s in (11, 12, 13):
        linear_svr_case("linear_svr_s%d" % s, reg, ["-s", str(s), "-B", "1"])
    linear_svr_case("linear_svr_c2", reg, ["-s", "13", "-B", "1", "-c", "2", "-p", "0.05"])


if __name__ == "__main__":
    main()
