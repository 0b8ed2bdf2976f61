#!/bin/sh
# Regenerates the Weka NaiveBayes reference distributions used by
# tests/check_bayes.c, with Weka 3.6.14 (Debian's weka package):
#   sh tests/data/bayes/make_weka.sh      (from the top of the source tree)
# Each weka_*.txt starts with a "# " line giving the command; then one line
# per test row: the class distribution, columns in the class's order.
# For comparison, Weka's own printout of the model on weather.numeric is
#   java -cp /usr/share/java/weka.jar weka.classifiers.bayes.NaiveBayes -t datasets/weather.numeric.arff
set -e
out=tests/data/bayes
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
javac -d "$tmp" -cp /usr/share/java/weka.jar $out/WekaNB.java
run() {
    name=$1; shift
    cmd="java -cp /usr/share/java/weka.jar:. WekaNB $*"
    { echo "# $cmd"; java -cp /usr/share/java/weka.jar:"$tmp" WekaNB "$@"; } > $out/weka_$name.txt
}
for d in weather.numeric weather.nominal labor iris vote pima credit-g glass \
         contact-lenses ionosphere; do
    run $d datasets/$d.arff
done
run weather_extreme datasets/weather.numeric.arff $out/weather_extreme.arff
# The printed models: Weka's text from "Naive Bayes Classifier" to the end of
# the last attribute, followed by one empty line.
for d in weather.numeric labor iris vote; do
    cmd="java -cp /usr/share/java/weka.jar weka.classifiers.bayes.NaiveBayes -t datasets/$d.arff -no-cv"
    { echo "# $cmd"
      $cmd | sed -n '/^Naive Bayes Classifier/,/^Time taken/p' | sed '$d' |
          awk '{ l[NR] = $0 } END { n = NR; while (n > 0 && l[n] == "") n--;
                                    for (i = 1; i <= n; i++) print l[i]; print "" }'
    } > $out/weka_$d.model.txt
done
