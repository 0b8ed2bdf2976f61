/* clearn — library version. */
#include "config.h"
#include "internal.h"

const char *clearn_version(void)
{
    return CLEARN_VERSION;
}
