/* ccmetrics_int.h: private declarations shared by lib/ (being written). */
#ifndef CCMETRICS_INT_H
#define CCMETRICS_INT_H
#include "ccmetrics.h"
#include "measures.h"
#endif
