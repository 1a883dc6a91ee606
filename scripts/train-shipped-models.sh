#!/usr/bin/env bash
# Trains the shipped models one after another with the project's own trainer (docs/MODELS.md has the recipes and
# the figures they reached). Each run checkpoints every $CHECKPOINT_EVERY steps (default 50) into $RUNS/<name> and resumes from there when
# started again, so the script can be re-run after an interruption. The jar is copied first so that rebuilding the
# work tree does not change the classes under a running job.
#   scripts/train-shipped-models.sh [name ...]      (default: all, in the order below)
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
RUNS="${RUNS:-$HOME/.cache/nextframe/runs}"
snap="$RUNS/.jar-$(date +%s)"
mkdir -p "$snap"
"$here/nextframe" backends >/dev/null       # builds the jar when the sources changed
cp -r "$here/target/nextframe.jar" "$here/target/lib" "$snap/"
JDK="${JDK:-/usr/lib/jvm/temurin-25-jdk-amd64}"
export POCL_SIGFPE_HANDLER=0   # PoCL otherwise swallows the JVM's integer-division traps
BACKEND="${BACKEND:-simd}"
nf() {
  "$JDK/bin/java" --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED -Xmx8g \
    -cp "$snap/nextframe.jar:$snap/lib/*" io.nextframe.tools.Main "$@"
}
# SVG reduced for 2 cores: nf 16 (encoder/decoder widths 16…128), g_dim 64, rnn_size 128, batch 16 (paper: nf 64,
# g 128, rnn 256, batch 100, 300 epochs × 600 iterations).
SVG_SMALL=(--set nf=16 --set g_dim=64 --set rnn_size=128 --set batch_size=16)
run() {
  local name="$1"; shift
  echo "== $name $(date -u +%FT%TZ)"
  nf train "$@" --out "$RUNS/$name" --resume --checkpoint-every "${CHECKPOINT_EVERY:-50}" --seed 1 --backend "$BACKEND" 2>&1 | tee -a "$RUNS/$name.log"
}
names=("$@"); [ ${#names[@]} -gt 0 ] || names=(svg-lp-smmnist svg-det-smmnist dfn-mmnist dfn-baseline-mmnist)
for n in "${names[@]}"; do
  case "$n" in
    svg-lp-smmnist)  run "$n" svg-lp  --data smmnist --steps 2000 "${SVG_SMALL[@]}" ;;
    svg-det-smmnist) run "$n" svg-det --data smmnist --steps 2000 "${SVG_SMALL[@]}" ;;
    dfn-mmnist)      run "$n" dfn --data mmnist --steps 1200 --set nf=16 --set batch_size=8 --set lr_halve_every=300 ;;
    dfn-baseline-mmnist) run "$n" dfn-baseline --data mmnist --steps 1200 --set nf=16 --set batch_size=8 \
                       --set lr_halve_every=300 ;;
    *) echo "unknown model '$n'" >&2; exit 2 ;;
  esac
done
