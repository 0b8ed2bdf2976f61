#!/usr/bin/python3
"""Reference predictions for metric=mixed in tests/check_knn.c from Weka's
IBk (Weka 3.6, /usr/share/java/weka.jar), whose default distance is the
range-normalised euclidean distance that metric=mixed implements.

    cd tests/data/knn && /usr/bin/python3 weka_fixture.py > weka.txt

Writes mixed_train.arff / mixed_test.arff (nominal class) and
mixed_train_reg.arff / mixed_test_reg.arff (numeric class): 3 numeric and
2 nominal attributes, about 12% of feature values missing, then runs
    java -cp /usr/share/java/weka.jar weka.classifiers.lazy.IBk -K K
         -t TRAIN -T TEST -p 0
for K = 1, 3, 5 (classification) and K = 3 (regression) and prints
    pred K  CODE...     class codes (0-based) Weka predicts
    reg K   VALUE...    Weka's predicted values (printed to 3 decimals)
Test rows are kept only when, by Weka's distance computed here, their k-th
and k+1-th neighbours are not tied (IBk keeps every neighbour tied at the
k-th) and numeric values lie inside the training ranges (IBk widens its
ranges with each test row)."""
import math
import random
import re
import subprocess

random.seed(7)
COLOURS, YESNO, CLASSES = ["red", "green", "blue"], ["yes", "no"], ["A", "B", "C"]
NOMINAL = [False, True, False, True, False]


def row(lo=None, hi=None):
    r = [random.uniform(0, 10), random.choice(COLOURS), random.gauss(0, 100),
         random.choice(YESNO), random.uniform(-1, 1)]
    if lo:
        r[0], r[2], r[4] = (random.uniform(lo[j], hi[j]) for j in (0, 2, 4))
    return [None if random.random() < 0.12 else v for v in r]


def diff(j, a, b, lo, hi):
    """weka.core.NormalizableDistance.difference, normalised."""
    if NOMINAL[j]:
        return 1.0 if a is None or b is None or a != b else 0.0
    def norm(v):
        return 0.0 if hi[j] == lo[j] else (v - lo[j]) / (hi[j] - lo[j])
    if a is None and b is None:
        return 1.0
    if a is None or b is None:
        v = norm(b if a is None else a)
        return 1 - v if v < 0.5 else v
    return norm(a) - norm(b)


def dist(a, b, lo, hi):
    return math.sqrt(sum(diff(j, a[j], b[j], lo, hi) ** 2 for j in range(5)))


def arff(path, rows, target):
    with open(path, "w") as f:
        f.write("@relation mixed\n@attribute a1 numeric\n@attribute a2 {red,green,blue}\n"
                "@attribute a3 numeric\n@attribute a4 {yes,no}\n@attribute a5 numeric\n")
        f.write("@attribute class %s\n@data\n" % ("numeric" if target else "{A,B,C}"))
        for r, c in rows:
            vals = ["?" if v is None else (repr(v) if isinstance(v, float) else v) for v in r]
            f.write(",".join(vals + [repr(c) if target else c]) + "\n")


def weka(k, train, test):
    out = subprocess.run(["java", "-cp", "/usr/share/java/weka.jar",
                          "weka.classifiers.lazy.IBk", "-K", str(k), "-t", train, "-T", test,
                          "-p", "0"], capture_output=True, text=True, check=True).stdout
    lines = [l.split() for l in out.splitlines() if re.match(r"\s*\d+\s", l)]
    return [l[2] for l in lines]


train = [row() for _ in range(40)]
lo = [min(r[j] for r in train if r[j] is not None) if not NOMINAL[j] else 0 for j in range(5)]
hi = [max(r[j] for r in train if r[j] is not None) if not NOMINAL[j] else 0 for j in range(5)]
test = []
while len(test) < 15:
    q = row(lo, hi)
    d = sorted(dist(q, r, lo, hi) for r in train)
    if all(d[k] - d[k - 1] > 1e-9 for k in (1, 2, 3, 4, 5)):
        test.append(q)
cls = [random.choice(CLASSES) for _ in train]
tgt = [round(sum(v for v in r if isinstance(v, float)) + random.gauss(0, 1), 6) for r in train]
arff("mixed_train.arff", list(zip(train, cls)), False)
arff("mixed_test.arff", [(q, "A") for q in test], False)
arff("mixed_train_reg.arff", list(zip(train, tgt)), True)
arff("mixed_test_reg.arff", [(q, 0.0) for q in test], True)
print("# Weka IBk (3.6), java -cp /usr/share/java/weka.jar; see weka_fixture.py")
for k in (1, 3, 5):
    got = weka(k, "mixed_train.arff", "mixed_test.arff")
    print("pred %d %s" % (k, " ".join(str(int(p.split(":")[0]) - 1) for p in got)))
print("reg 3 %s" % " ".join(weka(3, "mixed_train_reg.arff", "mixed_test_reg.arff")))
