# tests/refmodel/refmodel.mk: automake fragment included by the top-level Makefile.am (owner writes it)
