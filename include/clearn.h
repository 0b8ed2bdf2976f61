/* clearn — classic machine learning in C. The umbrella header: include this
 * one and link with `pkg-config --libs clearn`. See clearn(7). */
#ifndef CLEARN_H
#define CLEARN_H

#include <clearn/version.h>
#include <clearn/error.h>
#include <clearn/rng.h>
#include <clearn/dataset.h>
#include <clearn/io.h>

#endif
