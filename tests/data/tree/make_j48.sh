#!/bin/sh
# Regenerates the J48 reference trees and predictions used by
# tests/check_tree_c45.c, with Weka 3.6.14 (Debian's weka package):
#   sh tests/data/tree/make_j48.sh      (from the top of the source tree)
# Each .txt file starts with a "# " line giving the command; the rest is
# J48's printed tree verbatim (from "J48 ..." to "Size of the tree").
# The .pred files are "java ... -p 0 -distribution" on the training data.
set -e
J="java -cp /usr/share/java/weka.jar weka.classifiers.trees.J48"
out=tests/data/tree
for d in weather.numeric weather.nominal iris labor credit-g soybean vote glass \
         pima contact-lenses ionosphere; do
    for v in "default:" "unpruned:-U" "noraise:-S" "c01m5:-C 0.1 -M 5"; do
        tag=${v%%:*}
        opt=${v#*:}
        cmd="$J -t datasets/$d.arff -no-cv -v $opt"
        { echo "# $cmd"; $cmd | sed -n '/^J48 /,/^Size of the tree/p'; } > $out/j48-$d-$tag.txt
    done
done
for d in labor vote soybean weather.numeric; do
    cmd="$J -t datasets/$d.arff -no-cv -p 0 -distribution"
    { echo "# $cmd"; echo "# predicted class code (0-based), then the distribution";
      $cmd | awk '$1 ~ /^[0-9]+$/ { split($3, p, ":"); d = $NF; gsub(/\*/, "", d);
                                    print p[1] - 1, d }'; } > $out/j48-$d.pred
done
# Laplace-smoothed probabilities (-A).
cmd="$J -t datasets/labor.arff -no-cv -A -p 0 -distribution"
{ echo "# $cmd"; echo "# predicted class code (0-based), then the distribution";
  $cmd | awk '$1 ~ /^[0-9]+$/ { split($3, p, ":"); d = $NF; gsub(/\*/, "", d);
                                print p[1] - 1, d }'; } > $out/j48-labor-laplace.pred
# Graphviz (-g), and names that need quoting (weather.quoted.arff is
# weather.numeric.arff with "out look", "hu,mid" and "rain y").
for f in datasets/weather.numeric.arff $out/weather.quoted.arff; do
    b=$(basename $f .arff)
    cmd="$J -t $f -g"
    { echo "# $cmd"; $cmd; } > $out/j48-$b.dot
done
cmd="$J -t $out/weather.quoted.arff -no-cv -v"
{ echo "# $cmd"; $cmd | sed -n '/^J48 /,/^Size of the tree/p'; } > $out/j48-weather.quoted-default.txt
# Weka's Id3 (its own text: "|  " indents, no counts, "null" for empty leaves).
for d in weather.nominal contact-lenses; do
    cmd="java -cp /usr/share/java/weka.jar weka.classifiers.trees.Id3 -t datasets/$d.arff -no-cv -v"
    { echo "# $cmd"; $cmd | sed -n '/^Id3/,$p' | sed '/^$/d'; } > $out/id3-$d.txt
done
# A category no training row has (foggy) and missing values at prediction:
# weather.foggy.arff is weather.nominal.arff with "foggy" declared.
cmd="$J -t $out/weather.foggy.arff -T $out/weather.foggy-test.arff -p 0 -distribution"
{ echo "# $cmd"; echo "# predicted class code (0-based), then the distribution";
  $cmd | awk '$1 ~ /^[0-9]+$/ { split($3, p, ":"); d = $NF; gsub(/\*/, "", d);
                                print p[1] - 1, d }'; } > $out/j48-weather.foggy-test.pred
# weather.missing.arff: weather.numeric.arff with 8 values made missing.
for v in "m1:-M 1" "m1u:-M 1 -U" "m1s:-M 1 -S"; do
    cmd="$J -t $out/weather.missing.arff -no-cv -v ${v#*:}"
    { echo "# $cmd"; $cmd | sed -n '/^J48 /,/^Size of the tree/p'; } > $out/j48-weather.missing-${v%%:*}.txt
done
# close.arff: thresholds among training values less than 1e-6 apart.
cmd="$J -t $out/close.arff -no-cv -v -M 1"
{ echo "# $cmd"; $cmd | sed -n '/^J48 /,/^Size of the tree/p'; } > $out/j48-close-m1.txt
