# lib/local.mk: automake fragment for libccmetrics (included by Makefile.am).
#
# Copyright (c) 2026 The ccmetrics authors.
# SPDX-License-Identifier: MIT

lib_LTLIBRARIES = lib/libccmetrics.la
include_HEADERS = include/ccmetrics.h

lib_libccmetrics_la_SOURCES = \
	lib/ccmetrics_int.h \
	lib/measures.h \
	lib/hash.h \
	lib/mem.h \
	lib/pool.h \
	lib/sketch.h \
	lib/clock.h \
	lib/alloc.c \
	lib/error.c \
	lib/version.c \
	lib/config.c \
	lib/intern.c \
	lib/event.c \
	lib/pool.c \
	lib/contact_table.c \
	lib/contact.c \
	lib/customer.c \
	lib/survey.c \
	lib/ledger.c \
	lib/agent_state.c \
	lib/cell_store.h \
	lib/cell_store.c \
	lib/view.c \
	lib/route_cache.c \
	lib/tz.c \
	lib/clock.c \
	lib/calendar.c \
	lib/timegrain.c \
	lib/engine_time.c \
	lib/sketch.c \
	lib/catalog.c \
	lib/query.c \
	lib/percentile.c \
	lib/engine.c \
	lib/expiry.c \
	lib/dedup.c \
	lib/reorder.c \
	lib/crc32c.h \
	lib/crc32c.c \
	lib/snapshot.c \
	lib/merge.c \
	lib/erlang.c

lib_libccmetrics_la_CPPFLAGS = \
	-I$(top_srcdir)/include \
	-DCCM_BUILDING_LIBRARY
lib_libccmetrics_la_CFLAGS = $(AM_CFLAGS) $(CCM_VISIBILITY_CFLAGS)
lib_libccmetrics_la_LIBADD = $(LIBM)
lib_libccmetrics_la_LDFLAGS = \
	$(AM_LDFLAGS) \
	-no-undefined \
	-version-info $(CCM_LT_CURRENT):$(CCM_LT_REVISION):$(CCM_LT_AGE)
if HAVE_LD_VERSION_SCRIPT
lib_libccmetrics_la_LDFLAGS += \
	-Wl,--version-script=$(top_srcdir)/lib/ccmetrics.map
endif
EXTRA_lib_libccmetrics_la_DEPENDENCIES = lib/ccmetrics.map

EXTRA_DIST += lib/ccmetrics.map
