/* version.c: the version the library was built as. */
#include "ccmetrics_int.h"

int32_t ccm_version_number(void) { return CCM_VERSION_NUMBER; }

const char *ccm_version_string(void) { return CCM_VERSION_STRING; }
