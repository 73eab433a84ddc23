# tests/check.mk: automake fragment included by the top-level Makefile.am (owner writes it)
