/* clearn — version of the headers and of the linked library. */
#ifndef CLEARN_VERSION_H
#define CLEARN_VERSION_H

#ifdef __cplusplus
extern "C" {
#endif

#define CLEARN_VERSION_MAJOR 0
#define CLEARN_VERSION_MINOR 1
#define CLEARN_VERSION_PATCH 0
#define CLEARN_VERSION "0.1.0"
/* Comparable number: 0x00MMmmpp. */
#define CLEARN_VERSION_NUMBER \
    ((CLEARN_VERSION_MAJOR << 16) | (CLEARN_VERSION_MINOR << 8) | CLEARN_VERSION_PATCH)

/* Version string of the library actually linked ("0.1.0"); static storage. */
const char *clearn_version(void);

#ifdef __cplusplus
}
#endif
#endif
