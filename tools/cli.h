/* clearn(1) — shared declarations of the command-line program. */
#ifndef CLEARN_CLI_H
#define CLEARN_CLI_H
#include <getopt.h>
#include <clearn.h>

/* Exit statuses. */
#define CLI_OK 0
#define CLI_ERROR 1
#define CLI_USAGE 2

/* Options every subcommand that reads a data file understands. */
struct cli_read {
    clearn_read_options opt;
    char **missing, **nominal, **numeric;  /* owned, from comma lists */
};

/* getopt_long entries and short options for cli_read; codes >= 256. */
#define CLI_READ_SHORTOPTS "c:d:"
#define CLI_READ_LONGOPTS                                          \
    {"class", required_argument, NULL, 'c'},                       \
    {"delimiter", required_argument, NULL, 'd'},                   \
    {"format", required_argument, NULL, 256},                      \
    {"no-header", no_argument, NULL, 257},                         \
    {"missing", required_argument, NULL, 258},                     \
    {"nominal", required_argument, NULL, 259},                     \
    {"numeric", required_argument, NULL, 260}
#define CLI_READ_HELP                                                              \
    "  -c, --class NAME|INDEX  class attribute: a name, first, last, none or a\n"  \
    "                          1-based index (default: last; LIBSVM: the label)\n" \
    "      --format FMT        csv, arff or libsvm (default: by extension)\n"      \
    "  -d, --delimiter C       CSV delimiter: ',' ';' 'tab' or one character\n"    \
    "      --no-header         CSV without a header row (names att1, att2, ...)\n" \
    "      --missing LIST      CSV missing-value tokens, comma-separated\n"        \
    "                          (default: empty ? NA N/A NaN nan null NULL)\n"      \
    "      --nominal LIST      attributes to read as nominal, comma-separated\n"   \
    "      --numeric LIST      attributes to read as numeric, comma-separated\n"

void cli_read_init(struct cli_read *r);
void cli_read_free(struct cli_read *r);
/* Handles one getopt result; returns 1 if it was a read option, 0 if not,
 * -1 on a bad value (message printed). */
int cli_read_option(struct cli_read *r, int c, const char *arg);
/* Reads path ("-" = stdin); prints the error and returns NULL on failure. */
clearn_dataset *cli_load(const char *path, const struct cli_read *r);

int cmd_info(int argc, char **argv);
int cmd_train(int argc, char **argv);
int cmd_predict(int argc, char **argv);
int cmd_list(int argc, char **argv);
int cmd_help(int argc, char **argv);
int cmd_cv(int argc, char **argv);
int cmd_grid(int argc, char **argv);
int cmd_compare(int argc, char **argv);
int cmd_curve(int argc, char **argv);
/* An output file written whole or not at all: cli_out_open creates a
 * temporary file beside path (NULL, message printed, on failure);
 * cli_out_close(o, 1) flushes it and renames it over path, and
 * cli_out_close(o, 0) removes it, leaving what was at path untouched.
 * Returns 0, or -1 (message printed) when the file is not in place. */
struct cli_out {
    FILE *f;
    const char *path;
    char *tmp;
};
FILE *cli_out_open(struct cli_out *o, const char *path);
int cli_out_close(struct cli_out *o, int ok);

/* Prints "clearn: message" on stderr. */
void cli_error(const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 1, 2)))
#endif
    ;
/* Prints a library error as "clearn: text". */
void cli_report(const clearn_error *err);
#endif
