#!/usr/bin/python3
"""Regenerates the files in datasets/ from installed Debian packages.

Needs: weka, python3-sklearn, liblinear-tools, gretl-data.
Usage: /usr/bin/python3 datasets/import_debian.py [OUTDIR]   (default: datasets/)

Values are copied as the source spells them (no reformatting of numbers),
so every file is a faithful copy of its source; only the layout changes.
With --stats it prints rows, columns and whether values are missing instead.
"""
import gzip
import os
import shutil
import sys

WEKA = "/usr/share/doc/weka/examples"
LIBLINEAR = "/usr/share/doc/liblinear-tools/examples/heart_scale"
NIST = "/usr/share/gretl/data/nist/Longley.dat"

# Weka's examples shipped verbatim: (source name, name here).
WEKA_FILES = [
    ("iris.arff", "iris.arff"),
    ("weather.nominal.arff", "weather.nominal.arff"),
    ("weather.numeric.arff", "weather.numeric.arff"),
    ("contact-lenses.arff", "contact-lenses.arff"),
    ("labor.arff", "labor.arff"),
    ("credit-g.arff", "credit-g.arff"),
    ("cpu.arff", "cpu.arff"),
    ("diabetes.arff", "pima.arff"),  # Pima Indians, not sklearn's diabetes
    ("vote.arff", "vote.arff"),
    ("glass.arff", "glass.arff"),
    ("ionosphere.arff", "ionosphere.arff"),
    ("soybean.arff", "soybean.arff"),
]

# Mitchell, Machine Learning (1997), Table 3.2, days D1..D14.
PLAYTENNIS = """\
Outlook,Temperature,Humidity,Wind,PlayTennis
Sunny,Hot,High,Weak,No
Sunny,Hot,High,Strong,No
Overcast,Hot,High,Weak,Yes
Rain,Mild,High,Weak,Yes
Rain,Cool,Normal,Weak,Yes
Rain,Cool,Normal,Strong,No
Overcast,Cool,Normal,Strong,Yes
Sunny,Mild,High,Weak,No
Sunny,Cool,Normal,Weak,Yes
Rain,Mild,Normal,Weak,Yes
Sunny,Mild,Normal,Strong,Yes
Overcast,Mild,High,Strong,Yes
Overcast,Hot,Normal,Weak,Yes
Rain,Mild,High,Strong,No
"""


def sklearn_data_dir():
    import sklearn
    return os.path.join(os.path.dirname(sklearn.__file__), "datasets", "data")


def csv_field(s):
    """Quotes a CSV field when it needs it."""
    if any(c in s for c in ',"\r\n') or s != s.strip():
        return '"' + s.replace('"', '""') + '"'
    return s


def write_csv(path, header, rows):
    with open(path, "w", newline="\n") as f:
        f.write(",".join(csv_field(h) for h in header) + "\n")
        for r in rows:
            f.write(",".join(csv_field(v) for v in r) + "\n")


def read_sklearn_csv(path):
    """sklearn's layout: 'n,d,classname0,...' then rows 'x1..xd,code'."""
    with open(path) as f:
        first = f.readline().strip().split(",")
        n, d, names = int(first[0]), int(first[1]), first[2:]
        rows = []
        for line in f:
            line = line.strip()
            if not line:
                continue
            v = line.split(",")
            if len(v) != d + 1:
                raise ValueError("%s: row with %d fields" % (path, len(v)))
            rows.append(v[:d] + [names[int(v[d])]])
    if len(rows) != n:
        raise ValueError("%s: %d rows, header says %d" % (path, len(rows), n))
    return rows


def import_sklearn(out):
    from sklearn.datasets import load_breast_cancer, load_wine
    src = sklearn_data_dir()
    uci_iris = {"setosa": "Iris-setosa", "versicolor": "Iris-versicolor",
                "virginica": "Iris-virginica"}
    rows = read_sklearn_csv(os.path.join(src, "iris.csv"))
    rows = [r[:4] + [uci_iris[r[4]]] for r in rows]
    write_csv(os.path.join(out, "iris.csv"),
              ["sepallength", "sepalwidth", "petallength", "petalwidth",
               "class"], rows)
    # Feature names as scikit-learn's loaders give them.
    write_csv(os.path.join(out, "wine.csv"),
              list(load_wine().feature_names) + ["class"],
              read_sklearn_csv(os.path.join(src, "wine_data.csv")))
    write_csv(os.path.join(out, "breast_cancer.csv"),
              list(load_breast_cancer().feature_names) + ["class"],
              read_sklearn_csv(os.path.join(src, "breast_cancer.csv")))
    import_diabetes(src, out)


def import_diabetes(src, out):
    """The raw (unscaled) Efron et al. data: 10 features, target y."""
    with gzip.open(os.path.join(src, "diabetes_data_raw.csv.gz"), "rt") as f:
        x = [line.split() for line in f if line.strip()]
    with gzip.open(os.path.join(src, "diabetes_target.csv.gz"), "rt") as f:
        y = [float(line) for line in f if line.strip()]
    if len(x) != len(y) or any(len(r) != 10 for r in x):
        raise ValueError("diabetes: inconsistent raw files")
    ys = ["%d" % v if v == int(v) else repr(v) for v in y]
    write_csv(os.path.join(out, "diabetes.csv"),
              ["age", "sex", "bmi", "bp", "s1", "s2", "s3", "s4", "s5", "s6",
               "y"], [r + [t] for r, t in zip(x, ys)])


def import_longley(out):
    with open(NIST, newline="") as f:
        lines = f.read().replace("\r\n", "\n").split("\n")
    # "Data:" also opens a line of the description; the table's has "y".
    start = next(i for i, l in enumerate(lines)
                 if l.split()[:2] == ["Data:", "y"])
    header = lines[start].split()[1:]
    rows = [l.split() for l in lines[start + 1:] if l.strip()]
    if header != ["y", "x1", "x2", "x3", "x4", "x5", "x6"] or len(rows) != 16:
        raise ValueError("Longley.dat: unexpected layout")
    write_csv(os.path.join(out, "longley.csv"), header, rows)
    cert = lines[:start]
    while cert and not cert[-1].strip():
        cert.pop()
    with open(os.path.join(out, "longley.certified.txt"), "w") as f:
        f.write("\n".join(cert) + "\n")


def main(out):
    os.makedirs(out, exist_ok=True)
    for src, dst in WEKA_FILES:
        shutil.copyfile(os.path.join(WEKA, src), os.path.join(out, dst))
    shutil.copyfile(LIBLINEAR, os.path.join(out, "heart_scale.libsvm"))
    with open(os.path.join(out, "playtennis.csv"), "w") as f:
        f.write(PLAYTENNIS)
    import_sklearn(out)
    import_longley(out)


# ---- --stats: facts for README.md ---------------------------------------

def arff_stats(path):
    attrs, rows, missing, data = 0, 0, False, False
    with open(path) as f:
        for line in f:
            s = line.strip()
            if not s or s.startswith("%"):
                continue
            low = s.lower()
            if not data and low.startswith("@attribute"):
                attrs += 1
            elif not data and low.startswith("@data"):
                data = True
            elif data:
                rows += 1
                missing |= "?" in [v.strip() for v in s.split(",")]
    return rows, attrs, missing


def csv_stats(path):
    with open(path) as f:
        lines = [l.rstrip("\n") for l in f if l.strip()]
    import csv
    recs = list(csv.reader(lines))
    missing = any(v.strip() in ("", "?", "NA") for r in recs[1:] for v in r)
    return len(recs) - 1, len(recs[0]), missing


def libsvm_stats(path):
    rows, top = 0, 0
    with open(path) as f:
        for line in f:
            parts = line.split()
            if parts:
                rows += 1
                top = max([top] + [int(p.split(":")[0]) for p in parts[1:]])
    return rows, top + 1, False


def stats(out):
    for name in sorted(os.listdir(out)):
        p = os.path.join(out, name)
        if name.endswith(".arff"):
            r = arff_stats(p)
        elif name.endswith(".csv"):
            r = csv_stats(p)
        elif name.endswith(".libsvm"):
            r = libsvm_stats(p)
        else:
            continue
        print("%-24s %5d x %-4d missing=%s  %d bytes"
              % (name, r[0], r[1], "yes" if r[2] else "no", os.path.getsize(p)))


if __name__ == "__main__":
    args = sys.argv[1:]
    want_stats = "--stats" in args
    args = [a for a in args if a != "--stats"]
    target = args[0] if args else os.path.dirname(os.path.abspath(__file__))
    if want_stats:
        stats(target)
    else:
        main(target)
