#!/bin/sh
# End-to-end tests of clearn cv / grid / compare / curve on the shipped
# datasets. Run: top_srcdir=. top_builddir=. sh tests/check_cli_eval.sh
set -u
src=${top_srcdir:-.}
bin=${top_builddir:-.}/clearn
tmp=${top_builddir:-.}/tests/cli_eval.tmp
mkdir -p "$tmp"
fails=0
iris="$src/datasets/iris.csv"
weather="$src/datasets/weather.nominal.arff"
cpu="$src/datasets/cpu.arff"

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
lacks() { printf '%s\n' "$out" | grep -qF -- "$1" && fail "output of '$2' has '$1'"; }
has_err() { printf '%s\n' "$err" | grep -qF -- "$1" || fail "stderr of '$2' lacks '$1' (got: $err)"; }
no_err() { [ -z "$err" ] || fail "stderr of '$1' is not empty: $err"; }
# json NAME: stdout must parse as JSON (when a Python is at hand).
json() {
    py=$(command -v python3 || true)
    [ -n "$py" ] || return 0
    printf '%s\n' "$out" | "$py" -c 'import json, sys; json.load(sys.stdin)' 2>/dev/null ||
        fail "output of '$1' is not valid JSON: $out"
}
# value KEY: the number after "KEY" on the metric line of a text table.
metric_line() { printf '%s\n' "$out" | grep -E "^$1 " | head -1; }

# ---- clearn cv ----------------------------------------------------------------------
run 0 cv --help; has "Usage: clearn cv -m SPEC" "cv --help"; has "--loo" "cv --help"
run 2 cv "$iris"; has_err "cv: give -m SPEC and one FILE" "cv without -m"
run 2 cv -m oner; has_err "give -m SPEC and one FILE" "cv without FILE"
run 2 cv -m oner -m zeror "$iris"; has_err "cv: too many -m options" "cv -m -m"
run 2 cv -m oner -k abc "$iris"; has_err "-k 'abc': give a whole number >= 0" "cv -k abc"
run 2 cv -m oner -k -3 "$iris"; has_err "-k '-3'" "cv -k -3"
run 2 cv -m oner --sizes 0.5 "$iris"; has_err "cv: option '--sizes' is not for this command" "cv --sizes"
run 2 cv -m oner --loo --repeat 3 "$iris"; has_err "choose one of --loo, --holdout and --repeat" "cv --loo --repeat"
run 2 cv -m oner --holdout 1.5 "$iris"; has_err "--holdout '1.5': give a fraction between 0 and 1" "--holdout 1.5"
run 2 cv -m oner --seed x "$iris"; has_err "--seed 'x'" "--seed x"
run 2 cv -m oner --bogus "$iris"
run 2 cv -m oner --format bogus "$iris"; has_err "--format also takes json or text" "--format bogus"

# transforms learned inside each fold (Weka's MDL cut points; F-test selection)
run 0 cv -m "discretize method=mdl | naive_bayes" "$iris"
has "accuracy    0.9333" "cv discretize | naive_bayes"
run 0 cv -m "select method=kbest k=2 | knn" "$iris"
has "accuracy    0.9600" "cv select | knn"

run 1 cv -m "kmeans k=3" "$iris"; has_err "kmeans is a clusterer" "cv kmeans"

run 0 cv -m oner "$iris"
no_err "cv iris"
has "Cross-validation of 'oner'" "cv iris"
has "stratified 10-fold cross-validation, seed 42" "cv iris"
has "150 rows; class 'class' (3 classes)" "cv iris"
has "=== Confusion Matrix ===" "cv iris"
has "<-- classified as" "cv iris"
has "|  a = Iris-setosa" "cv iris"
metric_line accuracy | grep -qE '^accuracy +0\.[0-9]{4} ± +0\.[0-9]{4} +0\.[0-9]{4}$' ||
    fail "cv iris accuracy line: $(metric_line accuracy)"
metric_line kappa | grep -q . || fail "cv iris: no kappa line"
base=$(printf '%s\n' "$out" | grep -v '^time:')

# the same numbers with any thread count
for t in 1 2 4; do
    run 0 cv -m oner --threads $t "$iris"
    [ "$(printf '%s\n' "$out" | grep -v '^time:')" = "$base" ] || fail "cv --threads $t differs"
done
run 0 cv -m oner --seed 7 "$iris"; has "seed 7" "cv --seed 7"

# k > n, k < 2, and a class with fewer members than folds (warned as scikit-learn does)
run 1 cv -m oner -k 200 "$iris"
has_err "clearn: number of folds k=200 is greater than the number of rows with a known class (150)" "cv -k 200"
has_err "clearn: hint: give a smaller -k" "cv -k 200"
run 1 cv -m oner -k 1 "$iris"; has_err "number of folds k=1 must be at least 2" "cv -k 1"
run 1 cv -m oner "$weather"   # 9 yes, 5 no: as scikit-learn's StratifiedKFold
has_err "clearn: n_splits=10 cannot be greater than the number of members in each class." "cv weather"
has_err "clearn: hint: give a smaller -k, or --no-stratify" "cv weather"
run 0 cv -m oner -k 7 "$weather"
has_err "clearn: warning: The least populated class in y has only 5 members, which is less than n_splits=7." "cv weather -k 7"
run 0 cv -m oner --no-stratify "$weather"; no_err "cv weather --no-stratify"
run 0 cv -m oner -k 7 --format json "$weather"
json "cv weather json"
has '"warning": "The least populated class in y has only 5 members' "cv weather json"

# leave-one-out, holdout, repeated, no stratification
run 0 cv -m zeror --loo "$weather"
has "leave-one-out (14 folds)" "cv --loo"
metric_line accuracy | grep -qE '0\.6429 ± +0\.[0-9]{4} +0\.6429$' || fail "cv --loo zeror: $(metric_line accuracy)"
run 0 cv -m oner --holdout 0.3 "$iris"; has "stratified holdout (105 training rows, 45 test rows), seed 42" "cv --holdout"
run 0 cv -m oner --repeat 3 -k 5 "$iris"; has "3 x stratified 5-fold cross-validation" "cv --repeat"
run 0 cv -m oner --no-stratify "$iris"; has "10-fold cross-validation, seed 42" "cv --no-stratify"; lacks "stratified" "cv --no-stratify"

# regression, metrics, pipelines
run 0 cv -m zeror "$cpu"
has "209 rows; class 'class' (numeric)" "cv cpu"
for m in rmse mae r2; do metric_line $m | grep -q . || fail "cv cpu: no $m line"; done
lacks "Confusion" "cv cpu"
run 0 cv -m oner --metrics accuracy,f1_macro,log_loss,roc_auc "$iris"
for m in accuracy f1_macro log_loss roc_auc; do metric_line $m | grep -q . || fail "cv --metrics: no $m line"; done
run 1 cv -m oner --metrics rmse "$iris"; has_err "metric rmse is for regression, but the class 'class' is nominal" "cv --metrics rmse"
run 1 cv -m oner --metrics bogus "$iris"; has_err "bogus" "cv --metrics bogus"
run 0 cv -m "impute | standardize | oner" "$iris"; has "Cross-validation of 'impute | standardize | oner'" "cv pipeline"
run 0 cv -m "onehot | oner" -k 5 "$weather"
run 1 cv -m "nosuch" "$iris"; has_err "no estimator named 'nosuch'" "cv nosuch"
run 1 cv -m oner "$cpu"; has_err "oner is a classifier but the class 'class' is numeric" "cv oner cpu"
run 1 cv -m oner -c none "$iris"; has_err "cv needs a class attribute" "cv -c none"
run 1 cv -m oner "$tmp/no-such-file.csv"; has_err "cannot open" "cv missing file"

# --format json, and --format still picks the input format
run 0 cv -m oner --format json "$iris"; json "cv json"
has '"command": "cv"' "cv json"; has '"confusion": [[' "cv json"; has '"name": "accuracy"' "cv json"
run 0 cv -m zeror --format json "$cpu"; json "cv json cpu"; has '"confusion": null' "cv json cpu"
run 0 cv -m 'oner min_bucket="6"' --format json "$iris"; json "cv json quoted spec"
has '"spec": "oner min_bucket=\"6\""' "cv json quoted spec"
"$bin" cv -m oner --format arff -k 3 - <"$weather" >"$tmp/out" 2>"$tmp/err" || fail "cv --format arff from stdin"
grep -qF "14 rows; class 'play'" "$tmp/out" || fail "cv --format arff: $(cat "$tmp/out")"

# ---- clearn grid -------------------------------------------------------------------------
run 0 grid --help; has "Usage: clearn grid -m GRIDSPEC" "grid --help"
run 0 grid -m "oner min_bucket=1,3,6,10" "$iris"
no_err "grid iris"
has "Grid search over 4 combinations of 'oner min_bucket=1,3,6,10'" "grid"
has "ranked by accuracy (higher is better)" "grid"
has "   1  oner min_bucket=" "grid"
has "   4  oner min_bucket=" "grid"
has "best: oner min_bucket=" "grid"
run 0 grid -m "standardize | oner min_bucket=2,30" --metric kappa -o "$tmp/best.model" "$iris"
has "ranked by kappa (higher is better)" "grid --metric kappa"
has "best: standardize | oner min_bucket=2" "grid pipeline"
run 0 predict "$tmp/best.model" "$iris"
[ "$(printf '%s\n' "$out" | wc -l)" -eq 150 ] || fail "predict with the grid's best model"
run 0 grid -m "oner min_bucket=1,3" --format json "$iris"; json "grid json"
has '"best": "oner min_bucket=' "grid json"; has '"rank": 2' "grid json"
run 0 grid -m "zeror" --metric mae "$cpu"; has "ranked by mae (lower is better)" "grid mae"
run 1 grid -m "oner min_bucket=" "$iris"; has_err "grid: 'min_bucket=' has no values" "grid empty list"
run 1 grid -m "oner min_bucket=1,,2" "$iris"; has_err "has an empty value in its list" "grid empty item"
run 1 grid -m "oner min_bucket=1,2 nosuch=3" "$iris"; has_err "grid 'oner min_bucket=1 nosuch=3'" "grid unknown key"
run 1 grid -m "oner min_bucket=1,2" --metric bogus "$iris"; has_err "bogus" "grid --metric bogus"
run 2 grid -m oner --sizes 1 "$iris"; has_err "not for this command" "grid --sizes"

# ---- clearn compare -------------------------------------------------------------------------
run 0 compare --help; has "Usage: clearn compare -m SPEC_A -m SPEC_B" "compare --help"
run 2 compare -m oner "$iris"; has_err "compare: give -m SPEC_A -m SPEC_B and one FILE" "compare one -m"
run 0 compare -m oner -m zeror "$iris"
has "10 x stratified 10-fold cross-validation, seed 42" "compare"
has "A: oner" "compare"; has "B: zeror" "compare"
has "Corrected resampled paired t-test (Nadeau & Bengio 2003) on accuracy" "compare"
has ", df = 99, p = " "compare"
has "A is significantly better (p < 0.05)" "compare"
has "McNemar's test on a stratified holdout split (100 training rows, 50 test rows)" "compare"
has "(continuity-corrected), p = " "compare"
run 0 compare -m zeror -m oner -k 5 --repeat 2 --metric kappa "$iris"
has "2 x stratified 5-fold" "compare -k 5 --repeat 2"; has "on kappa" "compare --metric kappa"
has ", df = 9, p = " "compare -k 5 --repeat 2"; has "B is significantly better" "compare B better"
run 0 compare -m zeror -m "standardize | zeror" "$cpu"
has "t = 0.0000, df = 99, p = 1" "compare identical"; has "no significant difference" "compare identical"
lacks "McNemar" "compare regression"
run 0 compare -m oner -m zeror --format json "$iris"; json "compare json"
has '"ttest": {"metric": "accuracy"' "compare json"; has '"mcnemar": {"split": ' "compare json"
run 0 compare -m zeror -m zeror --format json "$cpu"; json "compare json cpu"; has '"mcnemar": null' "compare json cpu"
run 1 compare -m oner -m nosuch "$iris"; has_err "no estimator named 'nosuch'" "compare nosuch"

# ---- clearn curve ------------------------------------------------------------------------------
run 0 curve --help; has "Usage: clearn curve -m SPEC" "curve --help"
run 0 curve -m oner --sizes 0.1,0.5,1 "$iris"
no_err "curve"
[ "$(printf '%s\n' "$out" | head -1)" = "train_size,accuracy_mean,accuracy_sd,kappa_mean,kappa_sd" ] ||
    fail "curve header: $(printf '%s\n' "$out" | head -1)"
[ "$(printf '%s\n' "$out" | wc -l)" -eq 4 ] || fail "curve: 4 lines expected"
printf '%s\n' "$out" | sed -n 2p | grep -qE '^13,' || fail "curve first size: $out"
printf '%s\n' "$out" | sed -n 4p | grep -qE '^135,' || fail "curve last size: $out"
run 0 curve -m zeror -k 5 "$cpu"
[ "$(printf '%s\n' "$out" | head -1)" = "train_size,rmse_mean,rmse_sd,mae_mean,mae_sd,r2_mean,r2_sd" ] ||
    fail "curve cpu header"
[ "$(printf '%s\n' "$out" | wc -l)" -eq 11 ] || fail "curve default sizes: 10 points"
run 0 curve -m oner --sizes 20,40 --format json "$iris"; json "curve json"; has '"train_size": [20, 40]' "curve json"
run 2 curve -m oner --sizes 0.1,x "$iris"; has_err "--sizes: 'x' is not a number" "curve bad size"
run 1 curve -m oner --sizes 2000 "$iris"; has_err "exceeds the smallest training part" "curve too large"
run 1 curve -m oner --sizes 0 "$iris"; has_err "give a fraction in (0, 1] or a whole number of rows" "curve 0"
run 2 curve -m oner --holdout 0.3 "$iris"; has_err "not for this command" "curve --holdout"

# ---- progress bar: only on a terminal ------------------------------------------------------------
if command -v script >/dev/null 2>&1 &&
   script -qec true /dev/null >/dev/null 2>&1; then
    script -qec "'$bin' cv -m oner --repeat 5 '$iris' >/dev/null" /dev/null >"$tmp/tty" 2>&1
    grep -q "ETA" "$tmp/tty" || fail "no progress bar on a terminal: $(cat "$tmp/tty")"
    grep -q "50/50" "$tmp/tty" || fail "progress bar does not reach 50/50"
    script -qec "'$bin' cv -m oner --repeat 5 --no-progress '$iris' >/dev/null" /dev/null >"$tmp/tty" 2>&1
    grep -q "ETA" "$tmp/tty" && fail "--no-progress still draws"
fi
run 0 cv -m oner --repeat 5 "$iris"; no_err "cv with stderr not a terminal"

rm -rf "$tmp"
[ "$fails" -eq 0 ] || { echo "$fails failure(s)"; exit 1; }
echo "all clearn cv/grid/compare/curve tests passed"
