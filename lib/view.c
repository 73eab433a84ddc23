/* view.c: being written */
#include "ccmetrics_int.h"
