/* clearn — special functions for the statistics of the library: log
 * Gamma, the regularised incomplete beta function, and the Student t, F and
 * binomial tails built on it (the t-tests of lib/compare.c, the OLS table
 * of lib/linreg.c). lgamma() is avoided: it writes the global signgam. */
#include "config.h"
#include <math.h>
#include <stddef.h>
#include "internal.h"

double clearn__lngamma(double x)
{
    /* Lanczos' approximation with g = 7 and nine terms. */
    static const double c[9] = {
        0.99999999999980993, 676.5203681218851, -1259.1392167224028,
        771.32342877765313, -176.61502916214059, 12.507343278686905,
        -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7};
    const double pi = 3.14159265358979323846;
    double a, t;
    if (!(x > 0))
        return NAN;
    if (x < 0.5)   /* reflection: Gamma(x) Gamma(1 - x) = pi / sin(pi x) */
        return log(pi / sin(pi * x)) - clearn__lngamma(1.0 - x);
    x -= 1.0;
    a = c[0];
    for (int i = 1; i < 9; i++)
        a += c[i] / (x + i);
    t = x + 7.5;
    return 0.91893853320467274178 + (x + 0.5) * log(t) - t + log(a);
}

/* The continued fraction of I_x(a, b) (modified Lentz), converging fast
 * for x < (a + 1) / (a + b + 2). */
static double beta_cf(double a, double b, double x)
{
    const double tiny = 1e-300;
    double f = 1.0, cc = 1.0, d = 0.0;
    for (int j = 1; j <= 20000; j++) {
        int m = j / 2;
        double dj = (j & 1) ? -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 2 * m + 1))
                            : m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m));
        d = 1.0 + dj * d;
        cc = 1.0 + dj / cc;
        if (fabs(d) < tiny)
            d = tiny;
        if (fabs(cc) < tiny)
            cc = tiny;
        d = 1.0 / d;
        f *= cc * d;
        if (fabs(cc * d - 1.0) < 1e-16)
            break;
    }
    return f;
}

/* lnGamma(x) - [(x - 1/2) ln x - x + ln sqrt(2 pi)], Stirling's series,
 * accurate to 1e-17 for x >= 20. */
static double stirling_corr(double x)
{
    double r = 1 / x, r2 = r * r;
    return r * (1.0 / 12 - r2 * (1.0 / 360 - r2 * (1.0 / 1260 - r2 * (1.0 / 1680 - r2 / 1188))));
}

/* log of x^a (1 - x)^b / B(a, b). For a large a or b, B(a, b) is a ratio
 * of huge Gammas whose logs cancel; Stirling's form keeps every term small
 * (s = a + b, d = x b - xc a, so that x s / a = 1 + d / a and
 * xc s / b = 1 - d / b):
 *   both large: a ln(x s / a) + b ln(xc s / b) + ln sqrt(a b / s)
 *               - ln sqrt(2 pi) - corr(a) - corr(b) + corr(s)
 *   a large:    a ln(x s / a) - ln(s / a) / 2 + b ln(xc s) - b - lnGamma(b)
 *               - corr(a) + corr(s)   (and symmetrically for b). */
static double beta_front(double a, double b, double x, double xc)
{
    double s = a + b, d = x * b - xc * a;
    if (a >= 20 && b >= 20)
        return a * log1p(d / a) + b * log1p(-d / b) + 0.5 * log(a / s * b) -
               0.91893853320467274178 - (stirling_corr(a) + stirling_corr(b) - stirling_corr(s));
    if (a >= 20)
        return a * log1p(d / a) - 0.5 * log1p(b / a) + b * log(xc * s) - b - clearn__lngamma(b) -
               stirling_corr(a) + stirling_corr(s);
    if (b >= 20)
        return b * log1p(-d / b) - 0.5 * log1p(a / b) + a * log(x * s) - a - clearn__lngamma(a) -
               stirling_corr(b) + stirling_corr(s);
    return a * log(x) + b * log(xc) - (clearn__lngamma(a) + clearn__lngamma(b) - clearn__lngamma(s));
}

double clearn__betainc(double a, double b, double x, double xc)
{
    if (!(a > 0) || !(b > 0) || !(x >= 0) || !(x <= 1) || !(xc >= 0) || !(xc <= 1) ||
        isinf(a) || isinf(b))
        return NAN;
    if (x == 0)
        return 0.0;
    if (xc == 0)
        return 1.0;
    if (x > (a + 1) / (a + b + 2))
        return 1.0 - clearn__betainc(b, a, xc, x);
    return exp(beta_front(a, b, x, xc)) / a / beta_cf(a, b, x);
}

double clearn__t_pvalue(double t, double df)
{
    double t2;
    if (isnan(t) || !(df > 0))
        return NAN;
    if (isinf(t))
        return 0.0;
    t2 = t * t;
    if (isinf(t2))
        return 0.0;
    if (t2 == 0)
        return 1.0;
    return clearn__betainc(df / 2, 0.5, df / (df + t2), t2 / (df + t2));
}

double clearn__binom_half_cdf(size_t m, size_t n)
{
    if (m >= n)
        return 1.0;
    /* P(X <= m) = I_{1/2}(n - m, m + 1) */
    return clearn__betainc((double)(n - m), (double)m + 1.0, 0.5, 0.5);
}

double clearn__f_pvalue(double f, double d1, double d2)
{
    double s = d1 * f;
    if (isnan(f) || !(d1 > 0) || !(d2 > 0) || f < 0)
        return NAN;
    if (isinf(s))
        return 0.0;
    return clearn__betainc(d2 / 2, d1 / 2, d2 / (d2 + s), s / (d2 + s));
}

/* P(X > x) for X chi-squared with df degrees of freedom: the regularised
 * upper incomplete gamma Q(df/2, x/2), by its series (x/2 < df/2 + 1) or
 * its continued fraction (modified Lentz). */
double clearn__chi2_pvalue(double x, double df)
{
    double a = df / 2, z = x / 2, front, tiny = 1e-300;
    if (isnan(x) || !(df > 0))
        return NAN;
    if (x <= 0)
        return 1.0;
    if (isinf(x))
        return 0.0;
    front = exp(a * log(z) - z - clearn__lngamma(a));
    if (z < a + 1) {
        double term = 1 / a, sum = term;
        for (int n = 1; n < 100000 && fabs(term) > fabs(sum) * 1e-17; n++) {
            term *= z / (a + n);
            sum += term;
        }
        return 1.0 - sum * front;
    }
    {
        double b = z + 1 - a, c = 1 / tiny, d = 1 / b, h = d;
        for (int i = 1; i < 100000; i++) {
            double an = -i * (i - a), del;
            b += 2;
            d = an * d + b;
            d = fabs(d) < tiny ? tiny : d;
            c = b + an / c;
            c = fabs(c) < tiny ? tiny : c;
            d = 1 / d;
            del = d * c;
            h *= del;
            if (fabs(del - 1) < 1e-16)
                break;
        }
        return front * h;
    }
}

int clearn__cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}
