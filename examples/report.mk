# examples/report.mk - ccm-report, the reference front end (CLI.md).
#
# Copyright (c) 2026 The ccmetrics authors.
# SPDX-License-Identifier: MIT
#
# Included by the top-level Makefile.am; only extends shared variables.

bin_PROGRAMS += examples/ccm-report
examples_ccm_report_SOURCES = \
	examples/ccm-report.c \
	examples/report_alloc.c examples/report_alloc.h \
	examples/report_columns.c examples/report_columns.h \
	examples/report_batch.c examples/report_batch.h examples/report_hint.h \
	examples/report_csv.c examples/report_csv.h \
	examples/report_evtype.c examples/report_evtype.h \
	examples/report_idcache.c examples/report_idcache.h \
	examples/report_ingest.c examples/report_ingest.h \
	examples/report_keys.c examples/report_keys.h \
	examples/report_number.c examples/report_number.h \
	examples/report_opts.c examples/report_opts.h \
	examples/report_output.c examples/report_output.h \
	examples/report_shards.c examples/report_shards.h \
	examples/report_state.c examples/report_state.h \
	examples/report_strtab.c examples/report_strtab.h
examples_ccm_report_CPPFLAGS = -I$(top_srcdir)/include
# --threads runs POSIX threads (report_shards.c).
examples_ccm_report_CFLAGS = $(AM_CFLAGS) -pthread
examples_ccm_report_LDFLAGS = -pthread
examples_ccm_report_LDADD = lib/libccmetrics.la $(LIBM)

# The man page (section from the extension).
dist_man_MANS += man/ccm-report.1

# Shell tests of the command line.  Each sources tests/report/lib.sh.
REPORT_TESTS = \
	tests/report/test-exit-status.sh \
	tests/report/test-rejected.sh \
	tests/report/test-quoting.sh \
	tests/report/test-keys.sh \
	tests/report/test-formats.sh \
	tests/report/test-example.sh \
	tests/report/test-options.sh \
	tests/report/test-as-of.sh \
	tests/report/test-reason.sh \
	tests/report/test-local.sh \
	tests/report/test-percentiles.sh \
	tests/report/test-many.sh \
	tests/report/test-threads.sh \
	tests/report/test-save-load.sh \
	tests/report/test-ids.sh
TESTS += $(REPORT_TESTS)
dist_check_SCRIPTS += $(REPORT_TESTS)
EXTRA_DIST += \
	tests/report/lib.sh \
	tests/report/example.csv
