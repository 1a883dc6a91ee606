#!/usr/bin/env bash
# nextframe against PyTorch on this machine, the same work side by side (docs/PERFORMANCE.md, "Side by side").
#
#   scripts/compare-pytorch.sh [--install] [--threads "1 2"] [--rounds 3] [--reps 5] [--rows FILTER]
#                              [--models | --no-models] [--out DIR]
#
# For each thread count and round, the nextframe half (io.nextframe.bench.SideBySide, simd backend) and the PyTorch
# half (scripts/side_by_side.py) run one after the other (A B A B …), each in a fresh process, each row warmed up
# and then timed --reps times; a round reports each row's median. The summary gives, per row and thread count, the
# median over rounds of both, their spread (min–max of the round medians) and the ratio nextframe/PyTorch of the
# medians (< 1: nextframe is faster), plus each process's peak resident memory. Raw lines go to DIR/raw.tsv, the
# table to DIR/summary.md.
#
# PyTorch is Debian's python3-torch (1.13, oneDNN for convolutions) at /usr/bin/python3; --install installs it and
# OpenBLAS with apt-get and nothing else. Debian's torch takes its BLAS (SGEMM, LSTM linears) from the libblas.so.3
# alternative, the reference BLAS by default (≈ 6 GFLOP/s): this script puts OpenBLAS's pthread build first on
# LD_LIBRARY_PATH and prints the library torch actually loaded, so every row is against PyTorch at its best.
# Model rows (SVG-LP rollout/training, DFN rollout/training, full configurations) take minutes each: --no-models
# leaves them out, --models runs only them.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
threads="1 2"; rounds=3; reps=5; rows=""; models=both; out="$here/target/side-by-side"; install=false
while [ $# -gt 0 ]; do
  case "$1" in
    --install) install=true ;;
    --threads) threads="$2"; shift ;;
    --rounds) rounds="$2"; shift ;;
    --reps) reps="$2"; shift ;;
    --rows) rows="$2"; shift ;;
    --models) models=only ;;
    --no-models) models=none ;;
    --out) out="$2"; shift ;;
    -h|--help) sed -n 2,20p "$0"; exit 0 ;;
    *) echo "compare-pytorch: unknown option '$1' (see --help)" >&2; exit 2 ;;
  esac
  shift
done
PY=/usr/bin/python3
OPENBLAS_DIR=/usr/lib/x86_64-linux-gnu/openblas-pthread
if $install; then
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
  $SUDO apt-get install -y -q --no-install-recommends python3-torch libopenblas0-pthread
fi
if ! "$PY" -c "import torch" 2>/dev/null; then
  echo "compare-pytorch: $PY cannot import torch; install Debian's python3-torch (or run with --install)" >&2
  exit 1
fi
[ -d "$OPENBLAS_DIR" ] || { echo "compare-pytorch: $OPENBLAS_DIR missing (apt-get install libopenblas0-pthread)" >&2; exit 1; }
export LD_LIBRARY_PATH="$OPENBLAS_DIR${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
blas="$("$PY" "$here/scripts/side_by_side.py" --threads 1 --blas)"
echo "PyTorch $("$PY" -c 'import torch; print(torch.__version__)'), BLAS: $blas"

# the nextframe half: compiled benchmark classes and the test class path (as ./nextframe jmh does)
JDK=""
for c in "${JAVA_HOME:-}" /usr/lib/jvm/*; do
  [ -n "$c" ] && [ -x "$c/bin/java" ] || continue
  v="$("$c/bin/java" -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -n1)"
  if [ -n "$v" ] && [ "$v" -ge 25 ]; then JDK="$c"; break; fi
done
[ -n "$JDK" ] || { echo "compare-pytorch: needs a JDK >= 25 (JAVA_HOME or /usr/lib/jvm)" >&2; exit 1; }
(cd "$here" && JAVA_HOME="$JDK" mvn -B -ntp -q -DskipTests test-compile dependency:build-classpath \
   -Dmdep.outputFile=target/test-classpath.txt -Dmdep.includeScope=test >/dev/null)
CP="$here/target/test-classes:$here/target/classes:$(cat "$here/target/test-classpath.txt")"
nf() {
  "$JDK/bin/java" --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED \
    --sun-misc-unsafe-memory-access=allow -XX:+UseParallelGC -Xmx12g -cp "$CP" io.nextframe.bench.SideBySide "$@" \
    2> >(grep -v '^WARNING' >&2)
}
pt() { "$PY" "$here/scripts/side_by_side.py" "$@"; }

mkdir -p "$out"
raw="$out/raw.tsv"
: > "$raw"
# op rows in one process per side and round; each model row in its own process (its peak memory is its own)
passes=()
case "$models" in
  none) passes=("ops") ;;
  only) passes=("models") ;;
  both) passes=("ops" "models") ;;
esac
model_rows() { nf --list --rows "$rows" | grep -E '^(svg-lp|dfn) ' || true; }
for t in $threads; do
  for r in $(seq 1 "$rounds"); do
    for pass in "${passes[@]}"; do
      if [ "$pass" = ops ]; then
        filter_args=(--rows "$rows")
        for side in nextframe pytorch; do
          echo "threads $t round $r: $side (ops)" >&2
          if [ $side = nextframe ]; then
            nf --threads "$t" "${filter_args[@]}" --reps "$reps" --warmup 5 | grep -vE '^(svg-lp|dfn) '
          else
            OMP_NUM_THREADS=$t OPENBLAS_NUM_THREADS=$t pt --threads "$t" "${filter_args[@]}" --reps "$reps" --warmup 5 \
              | grep -vE '^(svg-lp|dfn) '
          fi | sed "s/^/$side\t$t\t$r\t/" >> "$raw"
        done
      else
        while IFS= read -r row; do
          for side in nextframe pytorch; do
            echo "threads $t round $r: $side $row" >&2
            if [ $side = nextframe ]; then
              nf --threads "$t" --rows "$row" --reps 2 --warmup 1
            else
              OMP_NUM_THREADS=$t OPENBLAS_NUM_THREADS=$t pt --threads "$t" --rows "$row" --reps 2 --warmup 1
            fi | sed "s/^/$side\t$t\t$r\t/" >> "$raw"
          done
        done < <(model_rows)
      fi
    done
  done
done

"$PY" - "$raw" "$blas" > "$out/summary.md" <<'EOF'
import statistics, sys
raw, blas = sys.argv[1], sys.argv[2]
runs = {}
order = []
for line in open(raw):
    side, t, r, row, med, lo, hi, rss = line.rstrip("\n").split("\t")
    key = (row, int(t))
    if key not in order:
        order.append(key)
    runs.setdefault((key, side), []).append((float(med), int(float(rss))))
print(f"PyTorch BLAS: {blas}. Seconds per call: median over rounds of each round's median (min–max of the round "
      "medians); ratio = nextframe / PyTorch (< 1: nextframe faster); peak RSS of the process that ran the row (MiB).")
print()
print("| row | threads | nextframe s | PyTorch s | ratio | RSS nf | RSS pt |")
print("|---|---|---|---|---|---|---|")
for key in order:
    a, b = runs.get((key, "nextframe"), []), runs.get((key, "pytorch"), [])
    if not a or not b:
        continue
    ma, mb = statistics.median(x for x, _ in a), statistics.median(x for x, _ in b)
    fa = f"{ma:.4g} ({min(x for x, _ in a):.3g}–{max(x for x, _ in a):.3g})"
    fb = f"{mb:.4g} ({min(x for x, _ in b):.3g}–{max(x for x, _ in b):.3g})"
    print(f"| {key[0]} | {key[1]} | {fa} | {fb} | {ma / mb:.2f} | {max(m for _, m in a)} | {max(m for _, m in b)} |")
EOF
cat "$out/summary.md"
echo "raw lines: $raw" >&2
