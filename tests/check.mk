# tests/check.mk: the Check unit-test suites (included by the top-level
# Makefile.am).  Each suite is one program; `make check` runs them all.

check_suites = \
	tests/check_version \
	tests/check_config \
	tests/check_intern \
	tests/check_state \
	tests/check_metrics \
	tests/check_families \
	tests/check_levels \
	tests/check_query \
	tests/check_oom \
	tests/check_sketch \
	tests/check_cell_store \
	tests/check_tz \
	tests/check_erlang \
	tests/check_local \
	tests/check_snapshot \
	tests/check_merge \
	tests/check_dedup \
	tests/check_expiry \
	tests/check_routes \
	tests/check_route_keys \
	tests/check_view_room \
	tests/check_report_alloc \
	tests/check_report_io \
	tests/check_report_parse

check_PROGRAMS += $(check_suites)
TESTS += $(check_suites)

check_testutil = tests/testutil.c tests/testutil.h

tests_check_version_SOURCES = tests/check_version.c $(check_testutil)
tests_check_version_CFLAGS = $(CHECK_CFLAGS)
tests_check_version_CPPFLAGS = -I$(top_srcdir)/include
tests_check_version_LDADD = lib/libccmetrics.la $(CHECK_LIBS)

tests_check_config_SOURCES = tests/check_config.c $(check_testutil)
tests_check_config_CFLAGS = $(CHECK_CFLAGS)
tests_check_config_CPPFLAGS = -I$(top_srcdir)/include
tests_check_config_LDADD = lib/libccmetrics.la $(CHECK_LIBS)

tests_check_intern_SOURCES = tests/check_intern.c $(check_testutil)
tests_check_intern_CFLAGS = $(CHECK_CFLAGS)
tests_check_intern_CPPFLAGS = -I$(top_srcdir)/include
tests_check_intern_LDADD = lib/libccmetrics.la $(CHECK_LIBS)

tests_check_state_SOURCES = tests/check_state.c $(check_testutil)
tests_check_state_CFLAGS = $(CHECK_CFLAGS)
tests_check_state_CPPFLAGS = -I$(top_srcdir)/include
tests_check_state_LDADD = lib/libccmetrics.la $(CHECK_LIBS)

tests_check_metrics_SOURCES = tests/check_metrics.c $(check_testutil)
tests_check_metrics_CFLAGS = $(CHECK_CFLAGS)
tests_check_metrics_CPPFLAGS = -I$(top_srcdir)/include
tests_check_metrics_LDADD = lib/libccmetrics.la $(CHECK_LIBS)

tests_check_query_SOURCES = tests/check_query.c $(check_testutil)
tests_check_query_CFLAGS = $(CHECK_CFLAGS)
tests_check_query_CPPFLAGS = -I$(top_srcdir)/include
tests_check_query_LDADD = lib/libccmetrics.la $(CHECK_LIBS)

tests_check_oom_SOURCES = tests/check_oom.c $(check_testutil)
tests_check_oom_CFLAGS = $(CHECK_CFLAGS)
tests_check_oom_CPPFLAGS = -I$(top_srcdir)/include
tests_check_oom_LDADD = lib/libccmetrics.la $(CHECK_LIBS)

tests_check_families_SOURCES = tests/check_families.c $(check_testutil)
tests_check_families_CFLAGS = $(CHECK_CFLAGS)
tests_check_families_CPPFLAGS = -I$(top_srcdir)/include
tests_check_families_LDADD = lib/libccmetrics.la $(CHECK_LIBS)

tests_check_levels_SOURCES = tests/check_levels.c $(check_testutil)
tests_check_levels_CFLAGS = $(CHECK_CFLAGS)
tests_check_levels_CPPFLAGS = -I$(top_srcdir)/include
tests_check_levels_LDADD = lib/libccmetrics.la $(CHECK_LIBS)

tests_check_erlang_SOURCES = tests/check_erlang.c $(check_testutil)
tests_check_erlang_CFLAGS = $(CHECK_CFLAGS)
tests_check_erlang_CPPFLAGS = -I$(top_srcdir)/include
tests_check_erlang_LDADD = lib/libccmetrics.la $(CHECK_LIBS) $(LIBM)

# Local time, business hours, week and month buckets through the public API.
tests_check_local_SOURCES = tests/check_local.c $(check_testutil)
tests_check_local_CFLAGS = $(CHECK_CFLAGS)
tests_check_local_CPPFLAGS = -I$(top_srcdir)/include
tests_check_local_LDADD = lib/libccmetrics.la $(CHECK_LIBS) $(LIBM)

# White-box suites: the sketch and the time-zone code built from their
# sources (their functions are not exported).
check_internal_sources = lib/alloc.c lib/pool.c
tests_check_sketch_SOURCES = tests/check_sketch.c lib/sketch.c $(check_internal_sources)
tests_check_sketch_CFLAGS = $(CHECK_CFLAGS)
tests_check_sketch_CPPFLAGS = -I$(top_srcdir)/include -I$(top_srcdir)/lib
tests_check_sketch_LDADD = $(CHECK_LIBS) $(LIBM)

tests_check_cell_store_SOURCES = tests/check_cell_store.c lib/cell_store.c $(check_internal_sources)
tests_check_cell_store_CFLAGS = $(CHECK_CFLAGS)
tests_check_cell_store_CPPFLAGS = -I$(top_srcdir)/include -I$(top_srcdir)/lib
tests_check_cell_store_LDADD = $(CHECK_LIBS)

# Expiry by due times against a scan of every record: reads the records,
# so built from all of the library's sources.
tests_check_expiry_SOURCES = tests/check_expiry.c $(check_testutil) $(lib_libccmetrics_la_SOURCES)
tests_check_expiry_CFLAGS = $(CHECK_CFLAGS)
tests_check_expiry_CPPFLAGS = -I$(top_srcdir)/include -I$(top_srcdir)/lib
tests_check_expiry_LDADD = $(CHECK_LIBS) $(LIBM)

# The route table's key mask and shared entries: reads the table, so built
# from all of the library's sources.
tests_check_route_keys_SOURCES = tests/check_route_keys.c $(check_testutil) $(lib_libccmetrics_la_SOURCES)
tests_check_route_keys_CFLAGS = $(CHECK_CFLAGS)
tests_check_route_keys_CPPFLAGS = -I$(top_srcdir)/include -I$(top_srcdir)/lib
tests_check_route_keys_LDADD = $(CHECK_LIBS) $(LIBM)

# The view room ingestion spends without looking at the views, against
# each view's own: reads both, so built from all of the library's sources.
tests_check_view_room_SOURCES = tests/check_view_room.c $(check_testutil) $(lib_libccmetrics_la_SOURCES)
tests_check_view_room_CFLAGS = $(CHECK_CFLAGS)
tests_check_view_room_CPPFLAGS = -I$(top_srcdir)/include -I$(top_srcdir)/lib
tests_check_view_room_LDADD = $(CHECK_LIBS) $(LIBM)

tests_check_tz_SOURCES = tests/check_tz.c lib/tz.c lib/clock.c lib/calendar.c $(check_internal_sources)
tests_check_tz_CFLAGS = $(CHECK_CFLAGS)
tests_check_tz_CPPFLAGS = -I$(top_srcdir)/include -I$(top_srcdir)/lib
tests_check_tz_LDADD = $(CHECK_LIBS) $(LIBM)

# The built-in table of check_tz against the system's zoneinfo (skipped
# without python3 or zoneinfo data).
TESTS += tests/tz-crosscheck.py
EXTRA_DIST += tests/tz-crosscheck.py

tests_check_snapshot_SOURCES = tests/check_snapshot.c $(check_testutil)
tests_check_snapshot_CFLAGS = $(CHECK_CFLAGS)
tests_check_snapshot_CPPFLAGS = -I$(top_srcdir)/include
tests_check_snapshot_LDADD = lib/libccmetrics.la $(CHECK_LIBS) $(LIBM)

tests_check_merge_SOURCES = tests/check_merge.c $(check_testutil)
tests_check_merge_CFLAGS = $(CHECK_CFLAGS)
tests_check_merge_CPPFLAGS = -I$(top_srcdir)/include
tests_check_merge_LDADD = lib/libccmetrics.la $(CHECK_LIBS) $(LIBM)

# Credits to many views against one engine per view (lib/route_cache.c).
tests_check_routes_SOURCES = tests/check_routes.c $(check_testutil)
tests_check_routes_CFLAGS = $(CHECK_CFLAGS)
tests_check_routes_CPPFLAGS = -I$(top_srcdir)/include
tests_check_routes_LDADD = lib/libccmetrics.la $(CHECK_LIBS) $(LIBM)

tests_check_dedup_SOURCES = tests/check_dedup.c $(check_testutil)
tests_check_dedup_CFLAGS = $(CHECK_CFLAGS)
tests_check_dedup_CPPFLAGS = -I$(top_srcdir)/include
tests_check_dedup_LDADD = lib/libccmetrics.la $(CHECK_LIBS) $(LIBM)

# ccm-report's allocator (examples/report_alloc.c), built from its source.
tests_check_report_alloc_SOURCES = tests/check_report_alloc.c examples/report_alloc.c examples/report_alloc.h
tests_check_report_alloc_CFLAGS = $(CHECK_CFLAGS) -pthread
# a reserve of 32 MiB instead of 1 GiB, so that the tests grow blocks past it
tests_check_report_alloc_CPPFLAGS = -I$(top_srcdir)/include -I$(top_srcdir)/examples \
	-DREPORT_ALLOC_RESERVE='((size_t)32 << 20)'
tests_check_report_alloc_LDFLAGS = -pthread
tests_check_report_alloc_LDADD = lib/libccmetrics.la $(CHECK_LIBS)

# ccm-report's reader, batches and direct keys, built from their sources.
tests_check_report_io_SOURCES = tests/check_report_io.c \
	examples/report_csv.c examples/report_csv.h \
	examples/report_batch.c examples/report_batch.h examples/report_hint.h \
	examples/report_strtab.c examples/report_strtab.h
tests_check_report_io_CFLAGS = $(CHECK_CFLAGS)
tests_check_report_io_CPPFLAGS = -I$(top_srcdir)/examples
tests_check_report_io_LDADD = $(CHECK_LIBS)

# ccm-report's numbers and id cache, built from their sources.
tests_check_report_parse_SOURCES = tests/check_report_parse.c \
	examples/report_number.c examples/report_number.h \
	examples/report_idcache.c examples/report_idcache.h \
	examples/report_strtab.h
tests_check_report_parse_CFLAGS = $(CHECK_CFLAGS)
tests_check_report_parse_CPPFLAGS = -I$(top_srcdir)/examples
tests_check_report_parse_LDADD = $(CHECK_LIBS)
