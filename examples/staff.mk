# examples/staff.mk - ccm-staff, the staffing calculator (CLI.md, "ccm-staff").
#
# Copyright (c) 2026 The ccmetrics authors.
# SPDX-License-Identifier: MIT
#
# Included by the top-level Makefile.am; only extends shared variables.

bin_PROGRAMS += examples/ccm-staff
examples_ccm_staff_SOURCES = examples/ccm-staff.c
examples_ccm_staff_CPPFLAGS = -I$(top_srcdir)/include
examples_ccm_staff_LDADD = lib/libccmetrics.la $(LIBM)

dist_man_MANS += man/ccm-staff.1

TESTS += tests/test-staff.sh
EXTRA_DIST += tests/test-staff.sh
