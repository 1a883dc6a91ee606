#!/usr/bin/env bash
# Spark throughput and overhead (docs/SCALE-OUT.md, "Throughput"): N SM-MNIST clips predicted by svg-lp-smmnist
# (5 → F frames, simd, one backend thread per task) with
#   1. the single-JVM `nextframe predict` on one backend thread,
#   2. `nextframe spark predict` on local[1],
#   3. `nextframe spark predict` on local[2],
# each REPS times, interleaved, all with --batch BATCH (clips per pass over the weights); prints the job seconds
# (session start excluded and printed apart) and clips/s.
#   scripts/spark-throughput.sh [N=1000] [REPS=3] [FUTURE=10] [BATCH=8]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
n="${1:-1000}"; reps="${2:-3}"; future="${3:-10}"; batch="${4:-8}"
dir="$(mktemp -d "${TMPDIR:-/tmp}/nextframe-throughput.XXXXXX")"
trap 'rm -rf "$dir"' EXIT
nf="$here/nextframe"
"$nf" dataset smmnist --count "$n" --frames $((5 + future)) --out "$dir/clips.npy" >/dev/null 2>&1
common=(--input "$dir/clips.npy" --past 5 --future "$future" --backend simd --batch "$batch" --overwrite --json)
seconds() { sed -n 's/.*"seconds": \([0-9.]*\).*/\1/p'; }
field() { sed -n "s/.*\"$1\": \([0-9.]*\).*/\1/p"; }
echo "clips=$n future=$future batch=$batch reps=$reps cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs) cores=$(nproc) load=$(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-12s %4s %10s %10s %10s %10s %14s\n' run rep job_s clips_s task_s table_s session_start_s
for r in $(seq 1 "$reps"); do
  s=$(NEXTFRAME_JAVA_OPTS=-Dnextframe.threads=1 "$nf" predict "${common[@]}" --out "$dir/single.npy" 2>/dev/null | seconds)
  printf '%-12s %4d %10.2f %10.2f %10s %10s %14s\n' single-jvm "$r" "$s" "$(echo "$n / $s" | bc -l)" - - -
  for m in 1 2; do
    out=$("$nf" spark predict "${common[@]}" --out "$dir/spark$m.npy" --master "local[$m]" --partitions $((2 * m)) 2>/dev/null)
    s=$(echo "$out" | seconds); ss=$(echo "$out" | field session_seconds)
    ts=$(echo "$out" | field task_seconds); tb=$(echo "$out" | field table_seconds)
    printf '%-12s %4d %10.2f %10.2f %10.2f %10.2f %14.2f\n' "local[$m]" "$r" "$s" "$(echo "$n / $s" | bc -l)" "$ts" "$tb" "$ss"
  done
  cmp -s "$dir/single.npy" "$dir/spark1.npy" && cmp -s "$dir/single.npy" "$dir/spark2.npy" \
    || echo "outputs differ between the single JVM and Spark" >&2
done
