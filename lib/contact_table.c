/* contact_table.c: being written */
#include "ccmetrics_int.h"
