#!/usr/bin/env bash
# trame benchmarks, side by side with Pandoc and docxtpl on the same work.
#
# Needs: a Rust toolchain; GNU time (apt-get install time). Optional peers:
# Pandoc (apt-get install pandoc); docxtpl and openpyxl (pip install docxtpl
# openpyxl). A missing peer is said so in its row. Generated inputs go to
# bench/work/ (not in git).
#
#   bash bench/run.sh             # everything (long: Pandoc takes minutes at 100 000 rows)
#   QUICK=1 bash bench/run.sh     # small sizes, one run each: checks the script end to end
#   RUNS=3 SIZES="1000 10000" BIG=0 bash bench/run.sh
#
# Settings: RUNS (default 5), WARMUP (1), LARGE_RUNS (runs at 100 000 rows
# and more, without warm-up: 1), SIZES ("1000 10000 100000"),
# BIG (rows of the large source, trame alone: 1000000; 0 to skip),
# PEER_LIMIT (seconds a peer may take on the large source: 120), HEAP_ROWS
# (rows of the table whose heap is profiled: BIG; 0 to skip),
# COMMENTS (review reader: 100000), REDLINE_ROWS (10000), PROFILE (release).
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "${QUICK:-0}" = 1 ]; then
  RUNS="${RUNS:-1}"; WARMUP="${WARMUP:-0}"; SIZES="${SIZES:-1000}"; BIG="${BIG:-20000}"
  COMMENTS="${COMMENTS:-1000}"; REDLINE_ROWS="${REDLINE_ROWS:-1000}"; PEER_LIMIT="${PEER_LIMIT:-20}"
fi
RUNS="${RUNS:-5}"
LARGE_RUNS="${LARGE_RUNS:-1}"
WARMUP="${WARMUP:-1}"
SIZES="${SIZES:-1000 10000 100000}"
BIG="${BIG:-1000000}"
PEER_LIMIT="${PEER_LIMIT:-120}"
COMMENTS="${COMMENTS:-100000}"
REDLINE_ROWS="${REDLINE_ROWS:-10000}"
WORK="bench/work"
# trame's own work: page numbers laid out by LibreOffice are measured in a
# row of their own, (a) with page layout.
export TRAME_PAGINATION=0
TIME=/usr/bin/time
mkdir -p "$WORK"
# PROFILE=debug checks the script with a debug build (timings meaningless).
PROFILE="${PROFILE:-release}"
if [ "$PROFILE" = release ]; then cargo build --release --quiet --bin trame --examples
else cargo build --quiet --bin trame --examples; fi
TARGET="${CARGO_TARGET_DIR:-$PWD/target}"
TRAME="$TARGET/$PROFILE/trame"
EX="$TARGET/$PROFILE/examples"

HAVE_PANDOC=0; command -v pandoc >/dev/null && HAVE_PANDOC=1
HAVE_DOCXTPL=0; python3 -c "import docxtpl, openpyxl" 2>/dev/null && HAVE_DOCXTPL=1

# run_once DIR CMD... → prints "seconds max_rss_kb" (or "timeout -")
run_once() {
  local dir="$1"; shift
  local status=0
  ( cd "$dir" && "$TIME" -f "%e %M" -o "$OLDPWD/$WORK/.time" "$@" >/dev/null 2>"$OLDPWD/$WORK/.err" ) || status=$?
  if [ "$status" = 124 ]; then echo "timeout -"; return 0; fi
  if [ "$status" != 0 ]; then echo "failed: $* (see $WORK/.err)" >&2; cat "$WORK/.err" >&2; return 1; fi
  tail -1 "$WORK/.time"
}

# median of a column of numbers
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

# floor DOCX → seconds to deflate and write its parts (see examples/bench_floor.rs)
floor() { "$EX/bench_floor" "$1" "$WORK/.floor.docx"; }

# compare NAME DIR "TRAME CMD" "PEER CMD" [DOCX] — alternates the two, RUNS
# times after a warm-up. An empty PEER CMD means no peer; a PEER CMD starting
# with "-" is a reason the peer is absent. With DOCX (files, space-separated),
# the ratio of trame's time to the deflate-and-write floor of those files.
compare() {
  local name="$1" dir="$2" a="$3" b="$4" docx="${5:-}" ta=() tb=() ma=() mb=() t m
  local peer=1; { [ -z "$b" ] || [ "${b:0:1}" = "-" ]; } && peer=0
  local runs="$RUNS" warmup="$WARMUP"
  # Sizes of 100 000 rows and more: LARGE_RUNS runs, no warm-up (Pandoc
  # takes minutes there).
  if [ "${LARGE:-0}" = 1 ]; then runs="$LARGE_RUNS"; warmup=0; fi
  if [ "$warmup" = 1 ]; then
    run_once "$dir" bash -c "$a" >/dev/null
    [ "$peer" = 1 ] && run_once "$dir" bash -c "$b" >/dev/null
  fi
  for _ in $(seq "$runs"); do
    read -r t m < <(run_once "$dir" bash -c "$a"); ta+=("$t"); ma+=("$m")
    if [ "$peer" = 1 ]; then read -r t m < <(run_once "$dir" bash -c "$b"); tb+=("$t"); mb+=("$m"); fi
  done
  local mta mma mtb mmb ratio fl="–"
  mta=$(printf '%s\n' "${ta[@]}" | median); mma=$(printf '%s\n' "${ma[@]}" | median)
  if [ -n "$docx" ]; then
    local sum=0 f
    for f in $docx; do sum=$(awk -v a="$sum" -v b="$(floor "$dir/$f")" 'BEGIN { print a + b }'); done
    fl=$(awk -v x="$mta" -v y="$sum" 'BEGIN { if (y > 0) printf "%.1f× (%.2f s)", x / y, y; else print "–" }')
  fi
  if [ "$peer" = 1 ]; then
    if [ "${tb[0]}" = timeout ]; then
      printf '| %s | %.2f s | %d MB | %s | abandoned after %s s | – | – |\n' "$name" "$mta" $((mma / 1024)) "$fl" "$PEER_LIMIT"
      return
    fi
    mtb=$(printf '%s\n' "${tb[@]}" | median); mmb=$(printf '%s\n' "${mb[@]}" | median)
    ratio=$(awk -v x="$mta" -v y="$mtb" 'BEGIN { if (y > 0) printf "%.3f", x / y; else print "-" }')
    printf '| %s | %.2f s | %d MB | %s | %.2f s | %d MB | %s |\n' "$name" "$mta" $((mma / 1024)) "$fl" "$mtb" $((mmb / 1024)) "$ratio"
  elif [ -n "$b" ]; then
    printf '| %s | %.2f s | %d MB | %s | %s | – | – |\n' "$name" "$mta" $((mma / 1024)) "$fl" "${b:1}"
  else
    printf '| %s | %.2f s | %d MB | %s | – | – | – |\n' "$name" "$mta" $((mma / 1024)) "$fl"
  fi
}

pandoc_cmd() { [ "$HAVE_PANDOC" = 1 ] && echo "${1:-}pandoc out/tableau.md -o out/pandoc.docx" || echo "-Pandoc absent"; }
docxtpl_cmd() { [ "$HAVE_DOCXTPL" = 1 ] && echo "${1:-}python3 $PWD/bench/docxtpl_render.py $PWD/$WORK/template.docx data/lignes.xlsx out/docxtpl.docx" || echo "-docxtpl absent"; }

echo "# Results ($(date -u +%Y-%m-%d), $(nproc) cores, runs: $RUNS, median$([ "$WARMUP" = 1 ] && echo ' after a warm-up'); at 100 000 rows and more: $LARGE_RUNS run)"
echo
echo "| workload | trame | trame peak RSS | trame / floor | peer | peer peak RSS | trame / peer |"
echo "|---|---|---|---|---|---|---|"

# (a) the sample: its four reports, then everything (with the attestations)
rm -rf "$WORK/sample"; "$TRAME" init "$WORK/sample" --modele oim-mali >/dev/null
compare "(a) sample, 4 reports" "$WORK/sample" "$TRAME build -q evaluation module-fds module-magistrats formation-formateurs" "" \
  "out/evaluation-besoins.docx out/module-fds.docx out/module-magistrats.docx out/formation-formateurs.docx"
compare "(a) sample, 4 reports + 24 attestations" "$WORK/sample" "$TRAME build -q" ""
compare "(a) sample, 4 reports, with page layout by LibreOffice" "$WORK/sample" \
  "TRAME_PAGINATION=1 $TRAME build -q evaluation module-fds module-magistrats formation-formateurs" ""

# (b) 200 paragraphs + an N-row five-column table; Pandoc on trame's own
# Markdown, docxtpl on an equivalent template with the same rows.
[ "$HAVE_DOCXTPL" = 1 ] && python3 bench/make_docxtpl_template.py "$WORK/template.docx"
for n in $SIZES; do
  LARGE=0; [ "$n" -ge 100000 ] && LARGE=1
  d="$WORK/tableau-$n"
  [ -d "$d" ] || "$EX/bench_data" "$d" "$n" tableau
  ( cd "$d" && "$TRAME" build -q --markdown >/dev/null )
  compare "(b) table $n rows vs Pandoc" "$d" "$TRAME build -q" "$(pandoc_cmd)" "out/tableau.docx"
  compare "(b) table $n rows vs docxtpl" "$d" "$TRAME build -q" "$(docxtpl_cmd)" "out/tableau.docx"
  e="$WORK/evaluation-$n"
  [ -d "$e" ] || "$EX/bench_data" "$e" "$n" evaluation
  compare "(b) needs assessment, $n findings" "$e" "$TRAME build -q evaluation" "" "out/evaluation-besoins.docx"
done

# (f) the large source, trame alone: check, then build; the peers get
# PEER_LIMIT seconds and are given up past it.
LARGE=1
if [ "$BIG" != 0 ]; then
  d="$WORK/tableau-$BIG"
  [ -d "$d" ] || "$EX/bench_data" "$d" "$BIG" tableau
  ( cd "$d" && "$TRAME" build -q --markdown >/dev/null )
  compare "(f) check, $BIG rows" "$d" "$TRAME check" ""
  compare "(f) table $BIG rows vs Pandoc" "$d" "$TRAME build -q" "$(pandoc_cmd "timeout $PEER_LIMIT ")" "out/tableau.docx"
  compare "(f) table $BIG rows vs docxtpl" "$d" "$TRAME build -q" "$(docxtpl_cmd "timeout $PEER_LIMIT ")" "out/tableau.docx"
fi

LARGE=0
# (c) the review reader on a file with 1 000 comments and 1 000 tracked changes
d="$WORK/tableau-1000"
[ -d "$d" ] || "$EX/bench_data" "$d" 1000 tableau
( cd "$d" && "$TRAME" build -q )
"$EX/bench_review" "$d/out/tableau.docx" "$d/relu.docx" 1000
compare "(c) review, 1 000 comments + 1 000 changes" "$d" "$TRAME review relu.docx" ""

# (e) the review reader at scale: COMMENTS comments (every fifth a reply) and
# as many tracked insertions, one of each per table cell of a document with
# COMMENTS / 5 rows.
rows=$((COMMENTS / 5))
d="$WORK/tableau-$rows"
[ -d "$d" ] || "$EX/bench_data" "$d" "$rows" tableau
( cd "$d" && "$TRAME" build -q )
"$EX/bench_review" "$d/out/tableau.docx" "$d/relu-$COMMENTS.docx" "$COMMENTS"
compare "(e) review, $COMMENTS comments + $COMMENTS changes" "$d" "$TRAME review relu-$COMMENTS.docx --sortie out/matrice-$COMMENTS.xlsx" ""

# (d) redline of the REDLINE_ROWS-row document after 1 % of its cells changed
d="$WORK/redline-$REDLINE_ROWS"
rm -rf "$d"; "$EX/bench_data" "$d" "$REDLINE_ROWS" tableau
( cd "$d" && "$TRAME" deliver --etiquette v1 >/dev/null && "$EX/bench_edit" . )
compare "(d) redline $REDLINE_ROWS rows, 1 % of cells changed" "$d" "$TRAME redline --contre v1" "" "out/redline-v1/tableau.docx"

echo
n=$(echo "$SIZES" | awk '{print $NF}')
echo "## Stages (TRAME_TIMINGS=1), $n-row table"
d="$WORK/tableau-$n"
( cd "$d" && TRAME_TIMINGS=1 "$TRAME" build -q 2>&1 ) | sed 's/^/    /'
if [ "$BIG" != 0 ]; then
  echo
  echo "## Stages (TRAME_TIMINGS=1), $BIG-row table"
  ( cd "$WORK/tableau-$BIG" && TRAME_TIMINGS=1 "$TRAME" build -q 2>&1 ) | sed 's/^/    /'
fi

# Heap profile: who holds the memory at the peak of the largest table
# build. heaptrack hooks malloc, so this uses a build with the system
# allocator (`--no-default-features`), in a target folder of its own.
HEAP_ROWS="${HEAP_ROWS:-$BIG}"
if command -v heaptrack >/dev/null && [ "$HEAP_ROWS" != 0 ]; then
  echo
  echo "## Heap at the peak (heaptrack, system allocator), $HEAP_ROWS-row table build"
  CARGO_TARGET_DIR="$TARGET/heap" CARGO_PROFILE_RELEASE_DEBUG=line-tables-only \
    cargo build --release --quiet --no-default-features --bin trame
  rm -f "$WORK"/heaptrack.*
  [ -d "$WORK/tableau-$HEAP_ROWS" ] || "$EX/bench_data" "$WORK/tableau-$HEAP_ROWS" "$HEAP_ROWS" tableau
  ( cd "$WORK/tableau-$HEAP_ROWS" && heaptrack -o "$OLDPWD/$WORK/heaptrack" "$TARGET/heap/release/trame" build -q >/dev/null 2>&1 )
  # Each of the largest allocations at the peak, named by the first
  # function of trame's own sources (not a formatting one) in its backtrace.
  heaptrack_print -f "$WORK"/heaptrack.* -p 1 -a 0 -T 0 -l 0 -n 10 -s 0 --merge-backtraces=false 2>/dev/null \
    | awk '/^PEAK MEMORY CONSUMERS/ {on = 1; next} on && /^[A-Z][A-Z ]+$/ {exit}
           on && /peak memory consumed/ {size = $1; owner = ""; next}
           on && /^  [^ ]/ {fn = $0; sub(/^ +/, "", fn); next}
           on && owner == "" && /^    at src\// && fn !~ /fmt/ {owner = $2; print "    " size "  " fn " (" owner ")"}'
  heaptrack_print -f "$WORK"/heaptrack.* -p 0 -a 0 -T 0 -l 0 2>/dev/null | grep -E "^peak heap memory consumption" | sed 's/^/    /'
fi
