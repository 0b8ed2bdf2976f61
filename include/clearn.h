/* clearn — classic machine learning in C. The umbrella header: include this
 * one and link with `pkg-config --libs clearn`. See clearn(7). */
#ifndef CLEARN_H
#define CLEARN_H

#include <clearn/version.h>
#include <clearn/error.h>
#include <clearn/rng.h>
#include <clearn/dataset.h>
#include <clearn/io.h>
#include <clearn/param.h>
#include <clearn/model.h>
#include <clearn/estimator.h>
#include <clearn/transform.h>
#include <clearn/split.h>
#include <clearn/metrics.h>
#include <clearn/cv.h>
#include <clearn/knn.h>
#include <clearn/tree.h>
#include <clearn/forest.h>
#include <clearn/bayes.h>
#include <clearn/linear.h>
#include <clearn/preprocess.h>
#include <clearn/cluster.h>

#endif
