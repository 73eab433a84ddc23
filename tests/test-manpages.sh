#!/bin/sh
# test-manpages.sh - the manual matches the public header.
#
# Copyright (c) 2026 The ccmetrics authors.
# SPDX-License-Identifier: MIT
#
# Checks, for include/ccmetrics.h and man/:
#  1. every function declared with CCM_EXPORT has a page man/<name>.3 that
#     names it in its NAME section, either itself or through a one-line
#     ".so man3/<page>.3" alias to a full page that does;
#  2. the SYNOPSIS of that full page holds the function's prototype exactly
#     as the header declares it (spacing aside, CCM_EXPORT left out);
#  3. every man3 page is a function's or a public struct's (no stale page);
#     a struct page's SYNOPSIS holds every member as the header declares it;
#  4. every full page has the sections NAME, SYNOPSIS, DESCRIPTION,
#     RETURN VALUE, ERRORS, EXAMPLE, SEE ALSO, and every ccm_*(3) page it
#     refers to exists;
#  5. man/local.mk installs exactly the man3 pages of man/;
#  6. the ccmetrics(7) template and the generated page (when built) refer
#     only to pages that exist, and the generated page has no placeholder
#     left;
#  7. every page formats without a warning with `man --warnings` (and
#     `mandoc -T lint -W warning` when installed); skipped without man;
#  8. the EXAMPLE of every full page and of ccmetrics(7) compiles against
#     the header with $CC -Wall -Wextra -Werror; skipped without a compiler.
# Exit status: 0 when everything checked passed, 1 otherwise (77 when the
# sources cannot be found).

set -u

top_srcdir=${top_srcdir:-${srcdir:-$(dirname "$0")/..}}
top_builddir=${top_builddir:-.}
header=$top_srcdir/include/ccmetrics.h
mandir=$top_srcdir/man

if [ ! -r "$header" ] || [ ! -d "$mandir" ]; then
  echo "SKIP: no $header or $mandir"
  exit 77
fi

tmp=${TMPDIR:-/tmp}/test-manpages.$$
mkdir "$tmp" || exit 1
trap 'rm -rf "$tmp"' EXIT
trap 'exit 1' HUP INT TERM

passed=0
failed=0
skipped=0
ok() { passed=$((passed + 1)); }
fail() { echo "FAIL: $*"; failed=$((failed + 1)); }
skip() { echo "SKIP: $*"; skipped=$((skipped + 1)); }

# ---------------------------------------------------------------------------
# What the header declares.

# One line per exported function: "name<TAB>normalized prototype".
awk '
  function flush() {
    gsub(/[ \t\n]+/, " ", decl); sub(/^ /, "", decl); sub(/ $/, "", decl)
    gsub(/\( /, "(", decl); gsub(/ \)/, ")", decl); gsub(/ ;/, ";", decl)
    name = decl; sub(/\(.*/, "", name); sub(/.*[ *]/, "", name)
    print name "\t" decl
    decl = ""; indecl = 0
  }
  /^[ \t]*#/ { next }
  indecl { decl = decl " " $0; if (index($0, ";")) flush(); next }
  /^[ \t]*CCM_EXPORT[ \t]/ {
    decl = $0; sub(/^[ \t]*CCM_EXPORT[ \t]+/, "", decl); indecl = 1
    if (index($0, ";")) flush()
  }
' "$header" > "$tmp/functions"

# Public structs with a body: "name<TAB>member;<TAB>member;..." (comments
# stripped, spacing normalized).
awk '
  { text = text $0 "\n" }
  END {
    # Strip comments.
    out = ""
    while ((i = index(text, "/*")) > 0) {
      out = out substr(text, 1, i - 1) " "
      text = substr(text, i + 2)
      j = index(text, "*/")
      if (j == 0) { text = ""; break }
      text = substr(text, j + 2)
    }
    text = out text
    gsub(/[ \t\n]+/, " ", text)
    while (match(text, /typedef struct [a-z_0-9]+ \{[^}]*\} [a-z_0-9]+;/)) {
      s = substr(text, RSTART, RLENGTH)
      text = substr(text, RSTART + RLENGTH)
      name = s; sub(/^.*\} /, "", name); sub(/;$/, "", name)
      body = s; sub(/^[^{]*\{ */, "", body); sub(/ *\}.*$/, "", body)
      n = split(body, m, ";")
      line = name
      for (k = 1; k <= n; k++) {
        mem = m[k]; sub(/^ /, "", mem); sub(/ $/, "", mem)
        gsub(/\( /, "(", mem); gsub(/ \)/, ")", mem)
        if (mem != "") line = line "\t" mem ";"
      }
      print line
    }
  }
' "$header" > "$tmp/structs"

# Every public type name (opaque ones included) for stale-page checks.
{
  cut -f1 "$tmp/structs"
  sed -n 's/^[ \t]*typedef struct [a-z_0-9]* \([a-z_0-9]*\);.*/\1/p' "$header"
} | sort -u > "$tmp/types"

nfunc=$(wc -l < "$tmp/functions")
if [ "$nfunc" -lt 1 ]; then
  fail "no CCM_EXPORT function found in $header"
  echo "$passed passed, $failed failed"
  exit 1
fi
cut -f1 "$tmp/functions" | sort > "$tmp/names"
if [ "$(sort -u "$tmp/names" | wc -l)" -ne "$nfunc" ]; then
  fail "a function is declared twice in $header"
fi

# ---------------------------------------------------------------------------
# Helpers over man(7) source.

# Target of a one-line alias page ("man3/x.3"), or nothing.
so_target() {
  sed -n '/^\.\\"/d; /^[ \t]*$/d; s/^\.so[ \t][ \t]*//p; q' "$1"
}

# Text of section $2 of page $1 as the reader sees it, roughly: font and
# size escapes dropped, macro arguments joined as .B/.BI/.BR do, one line.
section_text() {
  awk -v want="$2" '
    function unquote(s,    out, i, c, inq, arg, nargs) {
      # Split macro arguments (double-quoted or blank-separated) and
      # concatenate them, as the alternating-font macros print them.
      out = ""; inq = 0; arg = ""
      for (i = 1; i <= length(s); i++) {
        c = substr(s, i, 1)
        if (inq) { if (c == "\"") inq = 0; else arg = arg c }
        else if (c == "\"") inq = 1
        else if (c == " " || c == "\t") { out = out arg; arg = "" }
        else arg = arg c
      }
      return out arg
    }
    /^\.SH/ {
      s = $0; sub(/^\.SH[ \t]+/, "", s); gsub(/"/, "", s)
      insec = (s == want); next
    }
    !insec { next }
    /^\.\\"/ { next }
    /^\.(B|I|BI|IB|BR|RB|IR|RI)[ \t]/ {
      s = $0; sub(/^\.[A-Z]+[ \t]+/, "", s)
      if ($1 == ".B" || $1 == ".I") { gsub(/"/, "", s) } else s = unquote(s)
      print s; next
    }
    /^\./ { print " "; next }
    { print }
  ' "$1" | sed -e 's/\\f[BIRP]//g' -e 's/\\f(..//g' -e 's/\\-/-/g' \
      -e 's/\\e/\\/g' -e 's/\\&//g' -e 's/\\(aq/'"'"'/g' -e 's/\\(dq/"/g' |
    tr '\n' ' ' | sed -e 's/[ \t][ \t]*/ /g' -e 's/( /(/g' -e 's/ )/)/g' -e 's/ ;/;/g'
}

# The C code of the EXAMPLE section (.nf ... .fi) of page $1.
example_code() {
  awk '
    /^\.SH/ { insec = ($0 ~ /^\.SH[ \t]+"?EXAMPLES?"?[ \t]*$/); next }
    !insec { next }
    /^\.nf/ { code = 1; next }
    /^\.fi/ { code = 0; next }
    code && !/^\./ { print }
  ' "$1" | sed -e 's/\\-/-/g' -e 's/\\(aq/'"'"'/g' -e 's/\\(dq/"/g' -e 's/\\&//g' \
      -e 's/\\e/\\/g'
}

# ---------------------------------------------------------------------------
# 1, 2: every function has a page, named in NAME, with its prototype.

while IFS='	' read -r name proto; do
  page=$mandir/$name.3
  if [ ! -f "$page" ]; then
    fail "$name: no page man/$name.3"
    continue
  fi
  full=$page
  target=$(so_target "$page")
  if [ -n "$target" ]; then
    case $target in
      man3/*.3) full=$mandir/${target#man3/} ;;
      *) fail "man/$name.3: alias to '$target', not man3/<page>.3"; continue ;;
    esac
    if [ ! -f "$full" ]; then
      fail "man/$name.3: alias to missing page $target"
      continue
    fi
    if [ -n "$(so_target "$full")" ]; then
      fail "man/$name.3: alias to $target, itself an alias"
      continue
    fi
  fi
  if section_text "$full" NAME | tr ',' ' ' | tr ' ' '\n' | grep -qx "$name"; then
    ok
  else
    fail "man/$name.3: NAME of $(basename "$full") does not name $name"
  fi
  if section_text "$full" SYNOPSIS | grep -qF -- "$proto"; then
    ok
  else
    fail "$(basename "$full"): SYNOPSIS lacks the prototype of the header: $proto"
  fi
done < "$tmp/functions"

# ---------------------------------------------------------------------------
# 3, 4: no stale page; struct pages match; full pages are complete and
# refer to pages that exist.

check_refs() { # page, label
  refs=$(sed -n 's/^\.B[RI]* \(ccm_[a-z_0-9]*\) (3).*/\1/p' "$1")
  for r in $refs; do
    if [ -f "$mandir/$r.3" ]; then ok; else fail "$2: refers to $r(3), which has no page"; fi
  done
  if grep -q '^\.BR ccmetrics (7)' "$1" && [ ! -f "$mandir/ccmetrics.7.in" ]; then
    fail "$2: refers to ccmetrics(7), which has no template"
  fi
}

for page in "$mandir"/*.3; do
  [ -f "$page" ] || continue
  base=$(basename "$page" .3)
  if grep -qx "$base" "$tmp/names"; then
    ok
  elif grep -qx "$base" "$tmp/types"; then
    ok
  else
    fail "man/$base.3: no function or type $base in the header (stale page)"
  fi
  if [ -n "$(so_target "$page")" ]; then
    if [ "$(grep -cv '^\.\\"' "$page")" -ne 1 ]; then
      fail "man/$base.3: an alias page must hold only its .so line"
    fi
    continue
  fi
  for sec in NAME SYNOPSIS DESCRIPTION 'RETURN VALUE' ERRORS EXAMPLE 'SEE ALSO'; do
    if grep -q "^\.SH \"*$sec\"*\$" "$page"; then ok; else fail "man/$base.3: no $sec section"; fi
  done
  if head -1 "$page" | grep -q '^\.TH '; then ok; else fail "man/$base.3: does not start with .TH"; fi
  check_refs "$page" "man/$base.3"
  # A struct page holds every member of the struct.
  members=$(awk -F '\t' -v n="$base" '$1 == n { for (i = 2; i <= NF; i++) print $i }' "$tmp/structs")
  if [ -n "$members" ]; then
    synopsis=$(section_text "$page" SYNOPSIS | sed 's|/\*[^*]*\*/| |g; s/  */ /g; s/( /(/g; s/ )/)/g; s/ ;/;/g')
    echo "$members" | while IFS= read -r mem; do
      case $synopsis in
        *"$mem"*) : ;;
        *) echo "FAIL: man/$base.3: SYNOPSIS lacks the member '$mem'" ;;
      esac
    done > "$tmp/members"
    if [ -s "$tmp/members" ]; then
      cat "$tmp/members"
      failed=$((failed + $(wc -l < "$tmp/members")))
    else
      ok
    fi
  fi
done

# ---------------------------------------------------------------------------
# 5: man/local.mk installs exactly the man3 pages of man/.

if [ -f "$mandir/local.mk" ]; then
  sed -n 's|^[ \t]*man/\([^ \t]*\.3\)[ \t\\]*$|\1|p' "$mandir/local.mk" | sort > "$tmp/listed"
  (cd "$mandir" && ls -- *.3) | sort > "$tmp/present"
  if cmp -s "$tmp/listed" "$tmp/present"; then
    ok
  else
    fail "man/local.mk and man/*.3 differ (< listed only, > present only):"
    diff "$tmp/listed" "$tmp/present" | grep '^[<>]'
  fi
else
  skip "no man/local.mk"
fi

# ---------------------------------------------------------------------------
# 6: ccmetrics(7).

template=$mandir/ccmetrics.7.in
generated=$top_builddir/man/ccmetrics.7
if [ -f "$template" ]; then
  check_refs "$template" "man/ccmetrics.7.in"
  for p in '@METRIC_TABLE@' '@MEASURE_TABLE@'; do
    if grep -qx "$p" "$template"; then ok; else fail "man/ccmetrics.7.in: no $p line"; fi
  done
else
  fail "no man/ccmetrics.7.in"
fi
if [ -f "$generated" ]; then
  if grep -n '@[A-Z_]*@\|^@CFG' "$generated"; then
    fail "man/ccmetrics.7: placeholder left"
  else
    ok
  fi
  if grep -q '^\.SS Metrics computed by this version' "$generated"; then
    ok
  else
    fail "man/ccmetrics.7: no metric table"
  fi
else
  skip "man/ccmetrics.7 is not built in $top_builddir"
  generated=
fi

# ---------------------------------------------------------------------------
# 7: formatting without warnings.

full_pages=
for page in "$mandir"/*.3; do
  [ -f "$page" ] || continue
  [ -n "$(so_target "$page")" ] || full_pages="$full_pages $page"
done

if command -v man > /dev/null 2>&1 && man --version 2>/dev/null | grep -q "^man [0-9]"; then
  for page in $full_pages $generated; do
    out=$(MANWIDTH=80 MAN_KEEP_FORMATTING= man --warnings -E UTF-8 -l "$page" 2>&1 > /dev/null)
    if [ -z "$out" ]; then
      ok
    else
      fail "man --warnings: $(basename "$page"):"
      echo "$out" | sed 's/^/  /'
    fi
  done
else
  skip "man (man-db) is not available: pages not formatted"
fi

if command -v mandoc > /dev/null 2>&1; then
  for page in $full_pages $generated; do
    out=$(mandoc -T lint -W warning "$page" 2>&1)
    if [ -z "$out" ]; then
      ok
    else
      fail "mandoc -T lint: $(basename "$page"):"
      echo "$out" | sed 's/^/  /'
    fi
  done
fi

# ---------------------------------------------------------------------------
# 8: every example compiles.

cc=${CC:-cc}
if echo 'int main(void) { return 0; }' > "$tmp/probe.c" &&
  $cc -c -o "$tmp/probe.o" "$tmp/probe.c" > /dev/null 2>&1; then
  for page in $full_pages $template; do
    base=$(basename "$page")
    example_code "$page" > "$tmp/example.c"
    if [ ! -s "$tmp/example.c" ]; then
      fail "$base: EXAMPLE has no .nf/.fi code"
      continue
    fi
    if out=$($cc -std=c11 -Wall -Wextra -Werror -I"$top_srcdir/include" -c \
      -o "$tmp/example.o" "$tmp/example.c" 2>&1); then
      ok
    else
      fail "$base: EXAMPLE does not compile:"
      echo "$out" | sed 's/^/  /'
    fi
  done
else
  skip "no working C compiler (\$CC=$cc): examples not compiled"
fi

echo "$nfunc functions; $passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
