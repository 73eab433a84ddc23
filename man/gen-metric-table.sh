#!/bin/sh
# gen-metric-table.sh - fill the generated sections of ccmetrics(7).
#
# Copyright (c) 2026 The ccmetrics authors.
# SPDX-License-Identifier: MIT
#
# Usage:
#   gen-metric-table.sh --metrics CSV --config CSV --measures MEASURES_H \
#                       [--version V] TEMPLATE > ccmetrics.7
#
# The template is man(7) source with these placeholders, each alone on its
# line:
#   @METRIC_TABLE@    the metric catalog, from `ccm-report --list-metrics`
#                     (CSV: name,unit,better,supported,formula,description)
#   @MEASURE_TABLE@   the measures, from the X-macro list of lib/measures.h
#   @CFG name@        default and bounds of one setting, from the CSV that
#                     man/ccm-config-list prints (key,name,min,max,default,
#                     through ccm_config_bounds()); every setting must have
#                     exactly one such line and every such line a setting
# and, anywhere, @VERSION@ (the package version).
#
# Nothing here knows a metric, a measure or a setting: the catalog, the
# measure list and the configuration table of the library are the only
# sources.  Any inconsistency is an error (exit status 1), so that a page
# that does not match the library is never installed.

set -u

prog=gen-metric-table.sh
metrics= config= measures= version=
while [ $# -gt 1 ]; do
  case $1 in
    --metrics) metrics=$2; shift 2 ;;
    --config) config=$2; shift 2 ;;
    --measures) measures=$2; shift 2 ;;
    --version) version=$2; shift 2 ;;
    *) break ;;
  esac
done
if [ $# -ne 1 ] || [ -z "$metrics" ] || [ -z "$config" ] || [ -z "$measures" ]; then
  echo "usage: $prog --metrics CSV --config CSV --measures MEASURES_H [--version V] TEMPLATE" >&2
  exit 2
fi
template=$1
for f in "$metrics" "$config" "$measures" "$template"; do
  if [ ! -r "$f" ]; then
    echo "$prog: cannot read $f" >&2
    exit 2
  fi
done

# Byte-wise processing: multibyte characters are decoded by hand below.
LC_ALL=C
export LC_ALL

exec awk -v metrics="$metrics" -v config="$config" -v measures="$measures" \
  -v version="$version" -v prog="$prog" '
function die(msg) {
  print prog ": " msg > "/dev/stderr"
  failed = 1
  exit 1
}

# ---- CSV (RFC 4180; a quoted field may hold commas, quotes and newlines).
# Reads one record of file f into fld[1..n]; returns n, or 0 at the end.
function csv_record(f,    line, rec, n, i, c, inq, cur, rc) {
  rc = getline line < f
  if (rc < 0) die("cannot read " f)
  if (rc == 0) return 0
  sub(/\r$/, "", line)
  rec = line
  # Join lines while a quote is open.
  while (gsub(/"/, "\"", rec) % 2 == 1) {
    rc = getline line < f
    if (rc <= 0) die(f ": unterminated quoted field")
    sub(/\r$/, "", line)
    rec = rec "\n" line
  }
  n = 0; cur = ""; inq = 0
  for (i = 1; i <= length(rec); i++) {
    c = substr(rec, i, 1)
    if (inq) {
      if (c == "\"") {
        if (substr(rec, i + 1, 1) == "\"") { cur = cur "\""; i++ }
        else inq = 0
      } else cur = cur c
    } else if (c == "\"") inq = 1
    else if (c == ",") { fld[++n] = cur; cur = "" }
    else cur = cur c
  }
  fld[++n] = cur
  return n
}

# ---- roff escaping.
function hexval(c) { return index("0123456789abcdef", c) - 1 }
function hex4(v,    s, i) {
  s = ""
  for (i = 0; i < 4 || v > 0; i++) { s = substr("0123456789ABCDEF", v % 16 + 1, 1) s; v = int(v / 16) }
  return s
}
# Text of a data field as roff input: backslashes escaped, UTF-8 sequences
# turned into \[uXXXX], no control characters, no leading dot or quote.
function roff(s, minus,    out, i, c, b, n, cp, k) {
  out = ""
  for (i = 1; i <= length(s); i++) {
    c = substr(s, i, 1)
    b = ord[c]
    if (c == "\\") out = out "\\e"
    else if (c == "-" && minus) out = out "\\-"
    else if (b < 32 || b == 127) out = out " "
    else if (b < 128) out = out c
    else {
      if (b >= 240 && b < 248) { n = 3; cp = b - 240 }
      else if (b >= 224) { n = 2; cp = b - 224 }
      else if (b >= 192) { n = 1; cp = b - 192 }
      else die("invalid UTF-8 in \"" s "\"")
      for (k = 1; k <= n; k++) {
        b = ord[substr(s, i + k, 1)]
        if (b < 128 || b >= 192) die("invalid UTF-8 in \"" s "\"")
        cp = cp * 64 + (b - 128)
      }
      i += n
      out = out "\\[u" hex4(cp) "]"
    }
  }
  sub(/^[ \t]+/, "", out)
  if (out ~ /^[.\047]/) out = "\\&" out
  return out
}
# A description: a spaced " - " is a minus sign, other hyphens stay.
function roff_text(s,    t) {
  t = roff(s, 0)
  gsub(/ - /, " \\- ", t)
  return t
}

# ---- human-readable durations for the settings table.
function num(v) { return sprintf("%.0f", v) }
function duration(v,    u) {
  if (v == 0) return "0"
  if (v % 86400000 == 0) { u = v / 86400000; return num(v) " (" num(u) (u == 1 ? " day" : " days") ")" }
  if (v % 3600000 == 0) return num(v) " (" num(v / 3600000) " h)"
  if (v % 60000 == 0) return num(v) " (" num(v / 60000) " min)"
  if (v % 1000 == 0) return num(v) " (" num(v / 1000) " s)"
  return num(v)
}

function unit_text(u) {
  if (u == "count") return "count"
  if (u == "ms") return "milliseconds"
  if (u == "percent") return "percent"
  if (u == "ratio") return "ratio"
  if (u == "score") return "score"
  if (u == "money") return "money, in the minor units of the input"
  die("unknown unit \"" u "\" in " metrics)
}
function better_text(b) {
  if (b == "up") return "higher is better"
  if (b == "down") return "lower is better"
  if (b == "none") return "neither direction is better"
  die("unknown direction \"" b "\" in " metrics)
}
function family_text(f) {
  if (f == "CONTACT") return "Contact"
  if (f == "QUEUE") return "Queue visit"
  if (f == "AGENT") return "Agent contact"
  if (f == "TURNS") return "Turns"
  if (f == "RESOLUTION") return "Resolution"
  if (f == "CUSTOMER") return "Customer"
  if (f == "SURVEY") return "Surveys and quality"
  if (f == "AGENT_STATE") return "Agent state"
  if (f == "LEDGER") return "Business ledger"
  if (f == "GAUGE") return "Real\\-time gauges"
  return substr(f, 1, 1) tolower(substr(f, 2))
}

function load_metrics(    n, name) {
  n = csv_record(metrics)
  if (n != 6 || fld[1] != "name" || fld[2] != "unit" || fld[3] != "better" ||
      fld[4] != "supported" || fld[5] != "formula" || fld[6] != "description")
    die(metrics ": expected the header name,unit,better,supported,formula,description")
  nmet = 0
  while ((n = csv_record(metrics)) > 0) {
    if (n == 1 && fld[1] == "") continue
    if (n != 6) die(metrics ": record " (nmet + 2) " has " n " fields, not 6")
    name = fld[1]
    if (name !~ /^[a-z][a-z0-9_]*$/) die(metrics ": bad metric name \"" name "\"")
    if (name in seen_metric) die(metrics ": metric " name " listed twice")
    if (fld[4] != "0" && fld[4] != "1") die(metrics ": " name ": supported must be 0 or 1")
    seen_metric[name] = 1
    nmet++
    m_name[nmet] = name; m_unit[nmet] = fld[2]; m_better[nmet] = fld[3]
    m_sup[nmet] = fld[4]; m_formula[nmet] = fld[5]; m_desc[nmet] = fld[6]
    unit_text(fld[2]); better_text(fld[3])
    if (fld[4] == "1") nsup++
  }
  close(metrics)
  if (nmet == 0) die(metrics ": no metric")
}

function load_config(    n, name) {
  n = csv_record(config)
  if (n != 5 || fld[1] != "key" || fld[2] != "name" || fld[3] != "min" || fld[4] != "max" ||
      fld[5] != "default")
    die(config ": expected the header key,name,min,max,default")
  ncfg = 0
  while ((n = csv_record(config)) > 0) {
    if (n == 1 && fld[1] == "") continue
    if (n != 5) die(config ": record " (ncfg + 2) " has " n " fields, not 5")
    name = fld[2]
    if (name !~ /^[a-z][a-z0-9_]*$/) die(config ": bad setting name \"" name "\"")
    if (fld[3] !~ /^-?[0-9]+$/ || fld[4] !~ /^-?[0-9]+$/ || fld[5] !~ /^-?[0-9]+$/)
      die(config ": " name ": bounds and default must be integers")
    if (name in c_min) die(config ": setting " name " listed twice")
    ncfg++
    c_order[ncfg] = name
    c_min[name] = fld[3] + 0; c_max[name] = fld[4] + 0; c_def[name] = fld[5] + 0
  }
  close(config)
  if (ncfg == 0) die(config ": no setting")
}

function load_measures(    line, s, id, name, kind, fam, rest) {
  nms = 0; nfam = 0
  while ((rc = getline line < measures) > 0) {
    # X(ID, "name", KIND, FAMILY)
    if (line !~ /^[ \t]*X\([A-Z0-9_]+, *"[a-z0-9_]+", *[A-Z]+, *[A-Z_]+\)/) continue
    s = line
    sub(/^[ \t]*X\(/, "", s)
    sub(/\).*$/, "", s)
    gsub(/[ \t"]/, "", s)
    split(s, part, ",")
    name = part[2]; kind = part[3]; fam = part[4]
    if (kind != "COUNT" && kind != "TIMER" && kind != "LEVEL") die(measures ": " name ": unknown kind " kind)
    if (name in seen_measure) die(measures ": measure " name " listed twice")
    seen_measure[name] = 1
    nms++
    if (!(fam in fam_list)) { nfam++; fam_order[nfam] = fam; fam_list[fam] = "" }
    fam_list[fam] = fam_list[fam] (fam_list[fam] == "" ? "" : ",\n") \
      "\\fB" roff(name, 1) "\\fR" (kind == "TIMER" ? " (timer)" : (kind == "LEVEL" ? " (level)" : ""))
  }
  if (rc < 0) die("cannot read " measures)
  close(measures)
  if (nms == 0) die(measures ": no X(ID, \"name\", KIND, FAMILY) entry")
}

# Print roff text lines, broken at spaces so that no line is longer than
# 79 bytes where a break is possible; a line never starts with a control
# character.
function print_wrapped(t,    cut, i) {
  while (length(t) > 79) {
    cut = 0
    for (i = 79; i > 1; i--) if (substr(t, i, 1) == " ") { cut = i; break }
    if (!cut) break
    print_line(substr(t, 1, cut - 1))
    t = substr(t, cut + 1)
  }
  print_line(t)
}
function print_line(t) {
  if (t ~ /^[.\047]/) t = "\\&" t
  print t
}

function print_metric(i,    d) {
  print ".TP"
  print ".B " roff(m_name[i], 1)
  d = roff_text(m_desc[i])
  if (d != "" && d !~ /[.!?]$/) d = d "."
  if (d != "") print_wrapped(d)
  print ".br"
  print_wrapped("Formula: \\fI" roff(m_formula[i], 1) "\\fR")
  print ".br"
  print "Unit: " unit_text(m_unit[i]) "; " better_text(m_better[i]) "."
}

function metric_table(    i) {
  print ".\\\" Generated by gen-metric-table.sh from ccm-report --list-metrics."
  print "The catalog lists " nmet " metrics; this version computes " nsup " of them."
  print "Each entry gives the description, the formula over measures (see"
  print "MEASURES; \\fI.sum\\fR and \\fI.count\\fR are the sum and the number of"
  print "values of a timer, \\fIx 100\\fR makes a percentage), the unit of the"
  print "values a query returns and which direction is better."
  print ".SS Metrics computed by this version"
  for (i = 1; i <= nmet; i++) if (m_sup[i] == "1") print_metric(i)
  if (nsup < nmet) {
    print ".SS Metrics of later versions"
    print "These are listed in the catalog, with their ids, but belong to measure"
    print "families this version does not compute: their queries return"
    print ".BR CCM_E_UNSUPPORTED ."
    for (i = 1; i <= nmet; i++) if (m_sup[i] != "1") print_metric(i)
  }
}

function measure_table(    i) {
  print ".\\\" Generated by gen-metric-table.sh from lib/measures.h."
  for (i = 1; i <= nfam; i++) {
    print ".TP"
    print ".B " family_text(fam_order[i])
    print fam_list[fam_order[i]] "."
  }
}

function config_line(name,    ms, s) {
  ms = (name ~ /_ms$/)
  if (ms) s = "Default " duration(c_def[name]) "; from " duration(c_min[name]) " to " duration(c_max[name]) "."
  else s = "Default " num(c_def[name]) "; from " num(c_min[name]) " to " num(c_max[name]) "."
  return s
}

BEGIN {
  for (i = 1; i < 256; i++) ord[sprintf("%c", i)] = i
  load_metrics()
  load_config()
  load_measures()
}

{ sub(/\r$/, "") }
$0 == "@METRIC_TABLE@" { if (done_met++) die("@METRIC_TABLE@ twice in the template"); metric_table(); next }
$0 == "@MEASURE_TABLE@" { if (done_ms++) die("@MEASURE_TABLE@ twice in the template"); measure_table(); next }
/^@CFG [a-z0-9_]+@$/ {
  name = substr($0, 6, length($0) - 6)
  if (!(name in c_min)) die("template: @CFG " name "@: no such setting in " config)
  if (name in cfg_done) die("template: @CFG " name "@ twice")
  cfg_done[name] = 1
  print config_line(name)
  next
}
{
  line = $0
  gsub(/@VERSION@/, version, line)
  if (line ~ /@[A-Z_]+@/ || line ~ /^@CFG/) die("template line " NR ": unknown placeholder: " line)
  print line
}

END {
  if (failed) exit 1
  if (!done_met) die("template has no @METRIC_TABLE@ line")
  if (!done_ms) die("template has no @MEASURE_TABLE@ line")
  for (i = 1; i <= ncfg; i++)
    if (!(c_order[i] in cfg_done)) die("template: setting " c_order[i] " is not documented (no @CFG " c_order[i] "@ line)")
}
' "$template"
