/* clearn(1) — shared declarations of the command-line program. */
#ifndef CLEARN_CLI_H
#define CLEARN_CLI_H
#include <clearn.h>

/* Exit statuses. */
#define CLI_OK 0
#define CLI_ERROR 1
#define CLI_USAGE 2

int cmd_info(int argc, char **argv);
/* Prints "clearn: message" on stderr. */
void cli_error(const char *fmt, ...);
/* Prints a library error as "clearn: text". */
void cli_report(const clearn_error *err);
#endif
