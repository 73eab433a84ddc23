/*
 * replay.c - run a fuzz harness on saved inputs, without libFuzzer.
 *
 * Copyright (c) 2026 The ccmetrics authors.
 * SPDX-License-Identifier: MIT
 *
 * Linked with one harness, this is a plain program for 'make check':
 *
 *   replay_csv [FILE | DIRECTORY]...
 *
 * runs LLVMFuzzerTestOneInput() on every file given and on every regular
 * file of every directory given (not recursively, in name order).  Without
 * arguments it replays the harness's committed corpus,
 * $top_srcdir/tests/fuzz/corpus/REPLAY_CORPUS (top_srcdir from the
 * environment, as the test harness sets it, else ".").  A broken invariant
 * aborts; a file that cannot be read is an error (exit 1).
 */
#define _POSIX_C_SOURCE 200809L /* opendir, readdir, stat */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fuzz_common.h"

#ifndef REPLAY_CORPUS
#error "build with -DREPLAY_CORPUS='\"name\"' (the corpus directory of the harness)"
#endif

static int replay_file(const char *path) {
  FILE *f = fopen(path, "rb");
  unsigned char *buf = NULL;
  size_t len = 0, cap = 0, n;
  if (f == NULL) {
    fprintf(stderr, "replay: %s: %s\n", path, strerror(errno));
    return -1;
  }
  do {
    if (len == cap) {
      unsigned char *nb;
      cap = cap ? cap * 2 : 4096;
      nb = realloc(buf, cap);
      if (nb == NULL) {
        fprintf(stderr, "replay: %s: out of memory\n", path);
        free(buf);
        fclose(f);
        return -1;
      }
      buf = nb;
    }
    n = fread(buf + len, 1, cap - len, f);
    len += n;
  } while (n > 0);
  if (ferror(f)) {
    fprintf(stderr, "replay: %s: read error\n", path);
    free(buf);
    fclose(f);
    return -1;
  }
  fclose(f);
  /* An exact-size copy, so that a sanitizer or valgrind sees a read past
   * the input. */
  {
    unsigned char *exact = malloc(len ? len : 1);
    if (exact == NULL) {
      free(buf);
      return -1;
    }
    if (len) memcpy(exact, buf, len);
    free(buf);
    LLVMFuzzerTestOneInput(exact, len);
    free(exact);
  }
  return 0;
}

static int compare_names(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Every regular file of a directory, in name order.  Returns the number
 * replayed, or -1. */
static long replay_dir(const char *dir) {
  DIR *d = opendir(dir);
  struct dirent *de;
  char **names = NULL;
  size_t n = 0, cap = 0, i;
  long done = 0;
  if (d == NULL) {
    fprintf(stderr, "replay: %s: %s\n", dir, strerror(errno));
    return -1;
  }
  while ((de = readdir(d)) != NULL) {
    if (de->d_name[0] == '.') continue; /* ., .. and hidden files */
    if (n == cap) {
      char **nn;
      cap = cap ? cap * 2 : 64;
      nn = realloc(names, cap * sizeof *names);
      if (nn == NULL) break;
      names = nn;
    }
    names[n] = malloc(strlen(dir) + strlen(de->d_name) + 2);
    if (names[n] == NULL) break;
    sprintf(names[n], "%s/%s", dir, de->d_name);
    n++;
  }
  closedir(d);
  if (n > 0) qsort(names, n, sizeof *names, compare_names);
  for (i = 0; i < n; i++) {
    struct stat st;
    if (done >= 0 && stat(names[i], &st) == 0 && S_ISREG(st.st_mode)) {
      if (replay_file(names[i]) != 0) done = -1;
      else done++;
    }
    free(names[i]);
  }
  free(names);
  return done;
}

static long replay_path(const char *path) {
  struct stat st;
  if (stat(path, &st) != 0) {
    fprintf(stderr, "replay: %s: %s\n", path, strerror(errno));
    return -1;
  }
  if (S_ISDIR(st.st_mode)) return replay_dir(path);
  return replay_file(path) == 0 ? 1 : -1;
}

int main(int argc, char **argv) {
  long total = 0, n;
  int i;
  if (argc < 2) {
    const char *top = getenv("top_srcdir");
    char *dir;
    if (top == NULL || top[0] == '\0') top = ".";
    dir = malloc(strlen(top) + sizeof "/tests/fuzz/corpus/" + sizeof REPLAY_CORPUS);
    if (dir == NULL) return 1;
    sprintf(dir, "%s/tests/fuzz/corpus/%s", top, REPLAY_CORPUS);
    n = replay_dir(dir);
    if (n <= 0) fprintf(stderr, "replay: %s: %s\n", dir, n == 0 ? "no inputs" : "failed");
    free(dir);
    if (n <= 0) return 1;
    total = n;
  } else {
    for (i = 1; i < argc; i++) {
      n = replay_path(argv[i]);
      if (n < 0) return 1;
      total += n;
    }
  }
  printf("replay (%s): %ld inputs, every invariant held\n", REPLAY_CORPUS, total);
  return 0;
}
