#!/usr/bin/env bash
# Soak test (not in CI): an hour of training and an hour of concurrent inference, memory and throughput logged to CSV
# every INTERVAL seconds, then plotted. docs/RELIABILITY.md explains the columns and holds the measured results.
#
#   scripts/soak.sh [--minutes M] [--interval S] [--threads N] [--backend B] [--model M] [--out DIR] [--only train|infer]
#
# Outputs under DIR (default runs/soak-<date>):
#   train.csv   seconds,step,steps_per_s,rss_kb,nmt_reserved_kb,nmt_committed_kb   (sampled from outside the JVM)
#   infer.csv   seconds,threads,predictions,predictions_per_s,<backend counters>,heap_used_bytes,rss_bytes (in-JVM)
#   infer-nmt.csv seconds,rss_kb,nmt_reserved_kb,nmt_committed_kb                   (sampled from outside the JVM)
#   *.png       plots (python3 + matplotlib if present; skipped otherwise)
# Native memory: the JVMs run with -XX:NativeMemoryTracking=summary and `jcmd PID VM.native_memory summary` is
# sampled; the Java counters (tensors, native segments, cl_mem objects) must stay flat, RSS/NMT must level off.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
minutes=60 interval=30 threads=4 backend=simd model=svg-lp-smmnist only=both
out="$here/runs/soak-$(date -u +%Y%m%d-%H%M%S)"
while [ $# -gt 0 ]; do
  case "$1" in
    --minutes) minutes="$2"; shift 2 ;;
    --interval) interval="$2"; shift 2 ;;
    --threads) threads="$2"; shift 2 ;;
    --backend) backend="$2"; shift 2 ;;
    --model) model="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    --only) only="$2"; shift 2 ;;
    *) echo "soak.sh: unknown option $1" >&2; exit 2 ;;
  esac
done
mkdir -p "$out"
JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
jcmd="$JAVA_HOME/bin/jcmd"
seconds=$((minutes * 60))
export POCL_SIGFPE_HANDLER=0

# nmt PID → "reserved_kb,committed_kb" of the JVM's NMT total (",": not available)
nmt() {
  "$jcmd" "$1" VM.native_memory summary 2>/dev/null \
    | sed -n 's/^Total: reserved=\([0-9]*\)KB, committed=\([0-9]*\)KB.*/\1,\2/p' | head -n1 || true
}
rss_kb() { awk '/^VmRSS:/ {print $2}' "/proc/$1/status" 2>/dev/null || echo ""; }

# The JVM that does the work: the `nextframe` launcher forks nothing, so its PID is the java process.
train() {
  local dir="$out/train-run" csv="$out/train.csv" t0 pid now step last_step=0 last_t=0 rate
  echo "seconds,step,steps_per_s,rss_kb,nmt_reserved_kb,nmt_committed_kb" > "$csv"
  NEXTFRAME_JAVA_OPTS="-XX:NativeMemoryTracking=summary" "$here/nextframe" train dfn --data mmnist \
    --steps 100000000 --checkpoint-every 200 --backend "$backend" --seed 1 --out "$dir" \
    --set nf=8 --set dynamic_filter_size=5 --set batch_size=4 > "$out/train.log" 2>&1 &
  pid=$!
  t0=$(date +%s)
  while kill -0 "$pid" 2>/dev/null; do
    sleep "$interval"
    now=$(( $(date +%s) - t0 ))
    step=$(tail -n1 "$dir/losses.csv" 2>/dev/null | cut -d, -f1 | grep -E '^[0-9]+$' || echo 0)
    rate=$(awk -v a="$step" -v b="$last_step" -v t="$now" -v u="$last_t" 'BEGIN {printf "%.2f", (a-b)/((t-u)>0?(t-u):1)}')
    echo "$now,$step,$rate,$(rss_kb "$pid"),$(nmt "$pid")" >> "$csv"
    last_step=$step last_t=$now
    # SIGTERM: the loop checkpoints and stops (a graceful end, not a fault)
    if [ "$now" -ge "$seconds" ]; then kill -TERM "$pid" 2>/dev/null || true; fi
  done
  wait "$pid" || true
  echo "soak: training log $csv"
}

infer() {
  local csv="$out/infer-nmt.csv" t0 pid now cp_
  (cd "$here" && mvn -B -q -o -DskipTests test-compile dependency:build-classpath \
     -Dmdep.outputFile=target/test-classpath.txt -Dmdep.includeScope=test >/dev/null)
  cp_="$here/target/test-classes:$here/target/classes:$(cat "$here/target/test-classpath.txt")"
  echo "seconds,rss_kb,nmt_reserved_kb,nmt_committed_kb" > "$csv"
  "$JAVA_HOME/bin/java" --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED \
    -XX:NativeMemoryTracking=summary -cp "$cp_" io.nextframe.reliability.InferenceSoak \
    "$model" "$backend" "$threads" "$seconds" "$interval" "$out/infer.csv" > "$out/infer.log" 2>&1 &
  pid=$!
  t0=$(date +%s)
  while kill -0 "$pid" 2>/dev/null; do
    sleep "$interval"
    now=$(( $(date +%s) - t0 ))
    echo "$now,$(rss_kb "$pid"),$(nmt "$pid")" >> "$csv"
  done
  wait "$pid" || { echo "soak: inference failed, see $out/infer.log" >&2; return 1; }
  echo "soak: inference log $out/infer.csv"
}

case "$only" in
  train) train ;;
  infer) infer ;;
  *) train & tp=$!; infer; wait "$tp" ;;
esac

# Plots: one figure per CSV, every numeric column against seconds (memory columns on their own axes).
if /usr/bin/python3 -c 'import matplotlib' 2>/dev/null; then
  /usr/bin/python3 - "$out" <<'PY'
import csv, os, sys
import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt
out = sys.argv[1]
for name in ("train.csv", "infer.csv", "infer-nmt.csv"):
    path = os.path.join(out, name)
    if not os.path.exists(path):
        continue
    rows = [r for r in csv.DictReader(l for l in open(path) if not l.startswith("#"))]
    cols = [c for c in (rows[0].keys() if rows else []) if c not in ("seconds", "threads")]
    if not cols:
        continue
    fig, axes = plt.subplots(len(cols), 1, figsize=(8, 1.8 * len(cols)), sharex=True, squeeze=False)
    t = [float(r["seconds"]) / 60 for r in rows]
    for ax, c in zip(axes[:, 0], cols):
        ax.plot(t, [float(r[c]) if r[c] not in ("", None) else float("nan") for r in rows])
        ax.set_ylabel(c, rotation=0, ha="right", fontsize=8)
    axes[-1, 0].set_xlabel("minutes")
    fig.tight_layout()
    fig.savefig(path[:-4] + ".png", dpi=80)
    print("soak: plot", path[:-4] + ".png")
PY
fi
