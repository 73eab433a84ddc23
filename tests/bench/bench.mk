# tests/bench/bench.mk - 'make bench': the benchmark suite (tests/bench/).
#
# Copyright (c) 2026 The ccmetrics authors.
# SPDX-License-Identifier: MIT
#
# Included by the top-level Makefile.am; only extends shared variables.  The
# bench programs are plain make rules: neither 'make' nor 'make check'
# builds or runs them.  'make bench' rebuilds the library and the examples,
# builds the bench programs and runs tests/bench/run-bench.sh; pass options
# with BENCH_ARGS, e.g. 'make bench BENCH_ARGS=--quick'.  Large files go to
# $(BENCH_WORKDIR), never into the tree.

BENCH_WORKDIR = $${TMPDIR:-/tmp}/ccm-bench
BENCH_ARGS =
BENCH_BINARIES = tests/bench/ccm-bench$(EXEEXT) tests/bench/bench-parse$(EXEEXT) tests/bench/bench-sketch$(EXEEXT) tests/bench/bench-snapshot$(EXEEXT) \
	tests/bench/bench-merge$(EXEEXT)

EXTRA_DIST += \
	tests/bench/README.md \
	tests/bench/RESULTS.md \
	tests/bench/ccm-bench.c \
	tests/bench/bench-parse.c \
	tests/bench/bench-sketch.c \
	tests/bench/bench-snapshot.c \
	tests/bench/bench-merge.c \
	tests/bench/run-bench.sh \
	tests/bench/pairs.sh \
	tests/bench/instructions.sh \
	tests/bench/peer-query.sql \
	tests/bench/peer-duckdb.mjs \
	tests/bench/peer-sqlite.sh \
	tests/bench/compare.py \
	tests/bench/package.json \
	tests/bench/package-lock.json
CLEANFILES += $(BENCH_BINARIES)

# --huge-pages: ccm-report's allocator (examples/report_alloc.c)
tests/bench/ccm-bench$(EXEEXT): $(top_srcdir)/tests/bench/ccm-bench.c $(top_srcdir)/include/ccmetrics.h lib/libccmetrics.la \
	  $(top_srcdir)/examples/report_alloc.c $(top_srcdir)/examples/report_alloc.h
	@$(MKDIR_P) tests/bench
	$(AM_V_CCLD)$(LIBTOOL) $(AM_V_lt) --tag=CC --mode=link $(CC) $(CPPFLAGS) -I$(top_srcdir)/include -I$(top_srcdir)/examples \
	  $(CFLAGS) -pthread $(LDFLAGS) -no-install -o $@ $(top_srcdir)/tests/bench/ccm-bench.c \
	  $(top_srcdir)/examples/report_alloc.c lib/libccmetrics.la $(LIBM)

tests/bench/bench-parse$(EXEEXT): $(top_srcdir)/tests/bench/bench-parse.c $(top_srcdir)/examples/report_csv.c $(top_srcdir)/examples/report_csv.h \
	$(top_srcdir)/examples/report_strtab.h
	@$(MKDIR_P) tests/bench
	$(AM_V_CCLD)$(CC) $(CPPFLAGS) -I$(top_srcdir)/examples $(CFLAGS) $(LDFLAGS) -o $@ \
	  $(top_srcdir)/tests/bench/bench-parse.c $(top_srcdir)/examples/report_csv.c

# The sketch on its own: insert, merge, memory and accuracy (lib/sketch.c
# built from source: its functions are not exported).
tests/bench/bench-sketch$(EXEEXT): $(top_srcdir)/tests/bench/bench-sketch.c $(top_srcdir)/lib/sketch.c $(top_srcdir)/lib/sketch.h $(top_srcdir)/lib/pool.c $(top_srcdir)/lib/alloc.c
	@$(MKDIR_P) tests/bench
	$(AM_V_CCLD)$(CC) $(CPPFLAGS) -I$(top_srcdir)/include -I$(top_srcdir)/lib $(CFLAGS) $(LDFLAGS) -o $@ \
	  $(top_srcdir)/tests/bench/bench-sketch.c $(top_srcdir)/lib/sketch.c $(top_srcdir)/lib/pool.c $(top_srcdir)/lib/alloc.c $(LIBM)

# Snapshot and restore throughput of a large engine (public API).
tests/bench/bench-snapshot$(EXEEXT): $(top_srcdir)/tests/bench/bench-snapshot.c $(top_srcdir)/include/ccmetrics.h lib/libccmetrics.la
	@$(MKDIR_P) tests/bench
	$(AM_V_CCLD)$(LIBTOOL) $(AM_V_lt) --tag=CC --mode=link $(CC) $(CPPFLAGS) -I$(top_srcdir)/include \
	  $(CFLAGS) $(LDFLAGS) -no-install -o $@ $(top_srcdir)/tests/bench/bench-snapshot.c lib/libccmetrics.la $(LIBM)

# ccm_engine_merge() and ccm_view_merge() of two shards (public API).
tests/bench/bench-merge$(EXEEXT): $(top_srcdir)/tests/bench/bench-merge.c $(top_srcdir)/include/ccmetrics.h lib/libccmetrics.la
	@$(MKDIR_P) tests/bench
	$(AM_V_CCLD)$(LIBTOOL) $(AM_V_lt) --tag=CC --mode=link $(CC) $(CPPFLAGS) -I$(top_srcdir)/include \
	  $(CFLAGS) $(LDFLAGS) -no-install -o $@ $(top_srcdir)/tests/bench/bench-merge.c lib/libccmetrics.la $(LIBM)

.PHONY: bench bench-programs bench-instructions
bench-programs: lib/libccmetrics.la examples/ccm-gen$(EXEEXT) examples/ccm-report$(EXEEXT) $(BENCH_BINARIES)

bench: bench-programs
	$(SHELL) $(top_srcdir)/tests/bench/run-bench.sh --builddir $(abs_top_builddir) \
	  --workdir "$(BENCH_WORKDIR)" $(BENCH_ARGS)

# Instructions per event counted by callgrind (tests/bench/instructions.sh):
# e.g. 'make bench-instructions INSTRUCTIONS_ARGS="--base /tmp/old-lib"'.
INSTRUCTIONS_ARGS =
bench-instructions: bench-programs
	$(SHELL) $(top_srcdir)/tests/bench/instructions.sh --builddir $(abs_top_builddir) $(INSTRUCTIONS_ARGS)
