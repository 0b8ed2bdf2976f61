#!/bin/sh
# End-to-end tests of the clearn command on the shipped datasets.
set -u
src=${top_srcdir:-.}
bin=${top_builddir:-.}/clearn
tmp=${top_builddir:-.}/tests/cli.tmp
mkdir -p "$tmp"
fails=0

fail() { echo "FAIL: $*"; fails=$((fails + 1)); }

# run EXPECTED_STATUS ARGS...: runs clearn, keeps stdout/stderr in $out/$err.
run() {
    want=$1; shift
    "$bin" "$@" >"$tmp/out" 2>"$tmp/err"
    got=$?
    out=$(cat "$tmp/out"); err=$(cat "$tmp/err")
    [ "$got" = "$want" ] || fail "clearn $* exited $got, expected $want; stderr: $err"
}
has() { printf '%s\n' "$out" | grep -qF -- "$1" || fail "output of '$2' lacks '$1'"; }
has_err() { printf '%s\n' "$err" | grep -qF -- "$1" || fail "stderr of '$2' lacks '$1' (got: $err)"; }

run 0 --version;  has "clearn 0.1.0" --version
run 0 --help;     has "Usage: clearn COMMAND" --help
run 2;            has_err "Usage: clearn" "(no args)"
run 2 frobnicate; has_err "clearn: unknown command 'frobnicate'" frobnicate
run 0 info --help; has "Usage: clearn info" "info --help"
run 2 info;        has_err "give exactly one FILE" "info"
run 2 info --bogus "$src/datasets/iris.csv"
run 2 info -d "ab" "$src/datasets/iris.csv"; has_err "bad delimiter 'ab'" "info -d ab"

run 0 info "$src/datasets/iris.csv"
has "rows:       150" "info iris.csv"
has "attributes: 5 (4 numeric, 1 nominal)" "info iris.csv"
has "class:      class (nominal: classification)" "info iris.csv"
has "Iris-setosa                50   33.3%" "info iris.csv"

run 0 info "$src/datasets/weather.nominal.arff"
has "relation:   weather.symbolic" "info weather.nominal.arff"
has "yes                         9   64.3%" "info weather.nominal.arff"

run 0 info "$src/datasets/heart_scale.libsvm"
has "rows:       270" "info heart_scale"
has "attributes: 14 (13 numeric, 1 nominal)" "info heart_scale"

run 0 info -c none "$src/datasets/iris.csv";  has "class:      none" "info -c none"
run 0 info -c 1 "$src/datasets/iris.csv";     has "class:      sepallength (numeric: regression)" "info -c 1"
run 1 info -c nosuch "$src/datasets/iris.csv"; has_err "clearn: no attribute named 'nosuch'" "info -c nosuch"
run 0 info --nominal petalwidth "$src/datasets/iris.csv"; has "attributes: 5 (3 numeric, 2 nominal)" "--nominal"
run 1 info --nominal nosuch "$src/datasets/iris.csv"; has_err "nosuch" "--nominal nosuch"

# stdin, with the format given
"$bin" info --format arff - <"$src/datasets/weather.numeric.arff" >"$tmp/out" 2>"$tmp/err" || fail "info from stdin"
grep -qF "rows:       14" "$tmp/out" || fail "info from stdin: rows"

# errors: missing file, malformed file -> FILE:LINE:COL
run 1 info "$tmp/no-such-file.csv"; has_err "cannot open" "missing file"
printf 'a,b\n1,2\n3\n' >"$tmp/ragged.csv"
run 1 info "$tmp/ragged.csv"; has_err "clearn: $tmp/ragged.csv:3:" "ragged csv"
printf '' >"$tmp/empty.csv"
run 1 info "$tmp/empty.csv"; has_err "clearn: $tmp/empty.csv:" "empty csv"
printf 'x;y;c\n1,5;2;a\n3;4;b\n' >"$tmp/semi.csv"
run 0 info -d ';' "$tmp/semi.csv"; has "attributes: 3 (1 numeric, 2 nominal)" "semicolon csv"

# ---- train / predict / list / help -----------------------------------------
run 0 list; has "oner " list; has "zeror " list; has "standardize " list
run 0 help oner; has "min_bucket=VALUE" "help oner"; has "default 6" "help oner"
run 1 help nosuch; has_err "no estimator or transform named 'nosuch'" "help nosuch"
run 2 train -m oner "$src/datasets/weather.nominal.arff"; has_err "give -m SPEC, -o MODEL" "train without -o"
run 0 train -m "id3 trace=1" --explain "$src/datasets/playtennis.csv"; has "0.940" "id3 --explain"; has "0.246" "id3 --explain gain"
run 0 train -m c45 --dot "$tmp/t.dot" "$src/datasets/weather.numeric.arff"; grep -q "digraph" "$tmp/t.dot" || fail "c45 --dot"
run 0 train -m oner -o "$tmp/w.model" --print "$src/datasets/weather.nominal.arff"
has "(10/14 instances correct)" "train --print"
has "sunny	-> no" "train --print"
run 0 predict "$tmp/w.model" "$src/datasets/weather.nominal.arff"
[ "$(printf '%s\n' "$out" | head -3 | tr '\n' ' ')" = "no no yes " ] || fail "predict weather: $(printf '%s' "$out" | head -3)"
[ "$(printf '%s\n' "$out" | wc -l)" -eq 14 ] || fail "predict: 14 lines expected"
run 0 predict --proba "$tmp/w.model" "$src/datasets/weather.nominal.arff"
[ "$(printf '%s\n' "$out" | head -2 | tr '\n' ' ')" = "yes,no 0,1 " ] || fail "predict --proba: $(printf '%s' "$out" | head -2)"
run 0 predict -o "$tmp/pred.txt" "$tmp/w.model" "$src/datasets/weather.nominal.arff"
[ "$(wc -l <"$tmp/pred.txt")" -eq 14 ] || fail "predict -o"
# a clusterer ignores the class; predict prints cluster numbers
run 0 train -m "kmeans k=3 init=first" -o "$tmp/k.model" "$src/datasets/iris.csv"
run 0 predict "$tmp/k.model" "$src/datasets/iris.csv"
[ "$(printf '%s\n' "$out" | sort -u | tr '\n' ' ')" = "0 1 2 " ] || fail "predict kmeans: $(printf '%s' "$out" | sort -u)"
# a failed predict -o leaves the file that was there (written whole or not at all)
run 1 predict -o "$tmp/pred.txt" "$tmp/w.model" "$src/datasets/iris.csv"
[ "$(wc -l <"$tmp/pred.txt")" -eq 14 ] || fail "failed predict -o changed the file"
ls "$tmp"/pred.txt.* >/dev/null 2>&1 && fail "failed predict -o left a temporary file"
run 1 predict -o "$tmp/no/such/dir/p.txt" "$tmp/w.model" "$src/datasets/weather.nominal.arff"
has_err "cannot create a temporary file beside it" "predict -o into a missing directory"
# test data without the class column, attributes in another order
printf 'windy,humidity,temperature,outlook\nTRUE,high,hot,overcast\nFALSE,high,cool,sunny\nFALSE,normal,mild,foggy\n' >"$tmp/new.csv"
run 0 predict "$tmp/w.model" "$tmp/new.csv"
[ "$(printf '%s\n' "$out" | tr '\n' ' ')" = "yes no yes " ] || fail "predict new.csv: $out"
run 1 train -m "oner min_bucket=0" -o "$tmp/x.model" "$src/datasets/iris.csv"
has_err "parameter min_bucket: '0' is out of range" "bad parameter"
run 1 train -m "nosuch" -o "$tmp/x.model" "$src/datasets/iris.csv"; has_err "no estimator named 'nosuch'" "unknown estimator"
run 1 train -m oner -o "$tmp/x.model" "$src/datasets/cpu.arff"; has_err "oner is a classifier but the class 'class' is numeric" "task check"
[ ! -e "$tmp/x.model" ] || fail "a failed train left a model file"
run 0 train -m "standardize | impute | zeror" -o "$tmp/p.model" "$src/datasets/cpu.arff"
run 0 predict "$tmp/p.model" "$src/datasets/cpu.arff"
printf 'not a model\n' >"$tmp/bad.model"
run 1 predict "$tmp/bad.model" "$src/datasets/iris.csv"; has_err "not a clearn model file" "bad model"
head -c 200 "$tmp/w.model" >"$tmp/trunc.model"
run 1 predict "$tmp/trunc.model" "$src/datasets/weather.nominal.arff"

# a user's own estimator type, loaded as a plug-in
plugin=${top_builddir:-.}/examples/.libs/nearest_centroid_plugin.so
if [ -f "$plugin" ]; then
    run 0 --plugin "$plugin" list; has "nearest_centroid" "plugin list"
    run 0 --plugin "$plugin" help nearest_centroid; has "metric=VALUE" "plugin help"
    run 0 --plugin "$plugin" train -m "minmax | nearest_centroid" -o "$tmp/nc.model" "$src/datasets/iris.csv"
    CLEARN_PLUGINS=$plugin "$bin" predict "$tmp/nc.model" "$src/datasets/iris.csv" >"$tmp/out" 2>"$tmp/err" || fail "CLEARN_PLUGINS predict"
    [ "$(wc -l <"$tmp/out")" -eq 150 ] || fail "plugin predict: 150 lines"
    run 1 predict "$tmp/nc.model" "$src/datasets/iris.csv"; has_err "no estimator named 'nearest_centroid'" "model without its plugin"
    run 1 --plugin /nonexistent.so list; has_err "plugin /nonexistent.so" "missing plugin"
else
    echo "no plug-in built (static build): plug-in checks skipped"
fi

rm -rf "$tmp"
if [ "$fails" -ne 0 ]; then echo "$fails failure(s)"; exit 1; fi
echo "all CLI checks passed"
