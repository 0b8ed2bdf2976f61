/* clearn — naive Bayes: what it offers beyond the estimator interface.
 *
 * The types (see clearn_bayes(3)): "nb_gaussian", "nb_multinomial",
 * "nb_bernoulli" and "nb_categorical" (as scikit-learn's GaussianNB,
 * MultinomialNB, BernoulliNB and CategoricalNB) and "naive_bayes" (nominal
 * and numeric attributes together, as Weka's NaiveBayes). */
#ifndef CLEARN_BAYES_H
#define CLEARN_BAYES_H

#include <clearn/error.h>
#include <clearn/dataset.h>
#include <clearn/estimator.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The joint log-likelihood log P(c) + sum_j log P(x_j | c) of every class
 * c for each row of x, before normalisation: rows x k values into out, k
 * the number of classes (scikit-learn's predict_joint_log_proba). Missing
 * values are left out of the sum. A class that cannot have produced the row
 * (a zero count with alpha = 0) gets -inf. For naive_bayes each factor is
 * Weka's (numeric attributes: the probability of the value's rounding
 * interval) and at least 1e-75. e is fitted with one of the naive Bayes
 * types (also as the last stage of a pipeline); CLEARN_EINVAL for another
 * type, CLEARN_ENOTFIT before fitting. x is mapped to the training schema
 * as clearn_estimator_predict does. */
int clearn_nb_joint_log_proba(const clearn_estimator *e, const clearn_dataset *x, double *out,
                              clearn_error *err);

#ifdef __cplusplus
}
#endif
#endif
