#!/usr/bin/env bash
# trame benchmarks, side by side with Pandoc and docxtpl on the same work.
#
# Needs: a Rust toolchain; Pandoc (Debian: apt-get install pandoc);
# docxtpl and openpyxl (pip install docxtpl openpyxl); GNU time
# (apt-get install time). Generated inputs go to bench/work/ (not in git).
#
#   bash bench/run.sh            # everything (takes a few minutes)
#   RUNS=3 SIZES="1000 10000" bash bench/run.sh
#   RUNS=1 WARMUP=0 SIZES=100000 bash bench/run.sh   # Pandoc takes minutes there
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS="${RUNS:-5}"
WARMUP="${WARMUP:-1}"
SIZES="${SIZES:-1000 10000 100000}"
WORK="bench/work"
TIME=/usr/bin/time
mkdir -p "$WORK"
cargo build --release --quiet --bin trame --examples
TRAME="$PWD/target/release/trame"
EX="$PWD/target/release/examples"

# run_once DIR CMD... → prints "seconds max_rss_kb"
run_once() {
  local dir="$1"; shift
  ( cd "$dir" && "$TIME" -f "%e %M" -o "$OLDPWD/$WORK/.time" "$@" >/dev/null 2>&1 ) || { echo "failed: $*" >&2; return 1; }
  cat "$WORK/.time"
}

# median of a column of numbers
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

# compare NAME DIR "TRAME CMD" "PEER CMD" — alternates the two, RUNS times after a warm-up.
compare() {
  local name="$1" dir="$2" a="$3" b="$4" ta=() tb=() ma=() mb=()
  if [ "$WARMUP" = 1 ]; then
    run_once "$dir" bash -c "$a" >/dev/null
    [ -n "$b" ] && run_once "$dir" bash -c "$b" >/dev/null
  fi
  for _ in $(seq "$RUNS"); do
    read -r t m < <(run_once "$dir" bash -c "$a"); ta+=("$t"); ma+=("$m")
    if [ -n "$b" ]; then read -r t m < <(run_once "$dir" bash -c "$b"); tb+=("$t"); mb+=("$m"); fi
  done
  local mta mma mtb mmb ratio
  mta=$(printf '%s\n' "${ta[@]}" | median); mma=$(printf '%s\n' "${ma[@]}" | median)
  if [ -n "$b" ]; then
    mtb=$(printf '%s\n' "${tb[@]}" | median); mmb=$(printf '%s\n' "${mb[@]}" | median)
    ratio=$(awk -v x="$mta" -v y="$mtb" 'BEGIN { if (y > 0) printf "%.3f", x / y; else print "-" }')
    printf '| %s | %.2f s | %d MB | %.2f s | %d MB | %s |\n' "$name" "$mta" $((mma / 1024)) "$mtb" $((mmb / 1024)) "$ratio"
  else
    printf '| %s | %.2f s | %d MB | – | – | – |\n' "$name" "$mta" $((mma / 1024))
  fi
}

echo "# Results ($(date -u +%Y-%m-%d), $(nproc) cores, runs: $RUNS, median after a warm-up)"
echo
echo "| workload | trame | trame RSS | peer | peer RSS | trame / peer |"
echo "|---|---|---|---|---|---|"

# (a) the sample deliverables as shipped
rm -rf "$WORK/sample"; "$TRAME" init "$WORK/sample" >/dev/null
compare "(a) sample, 4 deliverables (no peer)" "$WORK/sample" "$TRAME build -q" ""

# (b) 200 paragraphs + an N-row five-column table; Pandoc on trame's own
# Markdown, docxtpl on an equivalent template with the same rows.
python3 bench/make_docxtpl_template.py "$WORK/template.docx"
for n in $SIZES; do
  d="$WORK/tableau-$n"
  [ -d "$d" ] || "$EX/bench_data" "$d" "$n" tableau
  ( cd "$d" && "$TRAME" build -q --markdown >/dev/null )
  compare "(b) table $n rows vs Pandoc" "$d" "$TRAME build -q" "pandoc out/tableau.md -o out/pandoc.docx"
  compare "(b) table $n rows vs docxtpl" "$d" "$TRAME build -q" "python3 $PWD/bench/docxtpl_render.py $PWD/$WORK/template.docx data/lignes.xlsx out/docxtpl.docx"
  e="$WORK/evaluation-$n"
  [ -d "$e" ] || "$EX/bench_data" "$e" "$n" evaluation
  compare "(b) needs assessment, $n findings (no peer)" "$e" "$TRAME build -q evaluation" ""
done

# (c) the review reader on a file with 1 000 comments and 1 000 tracked changes
r="$WORK/tableau-1000"
"$EX/bench_review" "$r/out/tableau.docx" "$r/relu.docx" 1000
compare "(c) review, 1 000 comments + 1 000 changes (no peer)" "$r" "$TRAME review relu.docx" ""

# (e) the review reader at scale: 100 000 comments (every fifth a reply)
# and 100 000 tracked insertions, one of each per table cell of the
# 20 000-row document (100 000 cells).
r="$WORK/tableau-20000"
[ -d "$r" ] || "$EX/bench_data" "$r" 20000 tableau
( cd "$r" && "$TRAME" build -q )
"$EX/bench_review" "$r/out/tableau.docx" "$r/relu-100000.docx" 100000
compare "(e) review, 100 000 comments + 100 000 changes (no peer)" "$r" "$TRAME review relu-100000.docx --sortie out/matrice-100000.xlsx" ""

# (d) redline of the 10 000-row document after 1 % of its cells changed
d="$WORK/redline-10000"
rm -rf "$d"; "$EX/bench_data" "$d" 10000 tableau
( cd "$d" && "$TRAME" deliver --label v1 >/dev/null && "$EX/bench_edit" . )
compare "(d) redline 10 000 rows, 1 % of cells changed (no peer)" "$d" "$TRAME redline --against v1" ""

echo
echo "## Stages (TRAME_TIMINGS=1), 100 000-row table"
d="$WORK/tableau-100000"
[ -d "$d" ] || "$EX/bench_data" "$d" 100000 tableau
( cd "$d" && TRAME_TIMINGS=1 "$TRAME" build -q 2>&1 ) | sed 's/^/    /'
