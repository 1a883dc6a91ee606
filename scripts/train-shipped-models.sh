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
# DrNET as DrnetExperiment's measured reduced setting (docs/MODELS.md): the thesis preset at nf 16, content 64, pose 5
DRNET_SMALL=(--preset thesis --set nf=16 --set content_dim=64 --set pose_dim=5 --set sd_nf=100 --set normalize=true
             --set sd_criterion=bce --set alpha=1 --set max_step=12 --set batch_size=16 --set lr=0.002)
names=("$@"); [ ${#names[@]} -gt 0 ] || names=(svg-lp-smmnist svg-det-smmnist dfn-mmnist dfn-baseline-mmnist
  drnet-mmnist drnet-lstm-mmnist crossconv-shapes crossconv-ae-shapes lapgan-mnist videogan-2s-cond-mmnist)
for n in "${names[@]}"; do
  case "$n" in
    svg-lp-smmnist)  run "$n" svg-lp  --data smmnist --steps 2000 "${SVG_SMALL[@]}" ;;
    svg-det-smmnist) run "$n" svg-det --data smmnist --steps 2000 "${SVG_SMALL[@]}" ;;
    dfn-mmnist)      run "$n" dfn --data mmnist --steps 1200 --set nf=16 --set batch_size=8 --set lr_halve_every=300 ;;
    dfn-baseline-mmnist) run "$n" dfn-baseline --data mmnist --steps 1200 --set nf=16 --set batch_size=8 \
                       --set lr_halve_every=300 ;;
    # the models below: recipes sized from throughput measured under load (docs/MODELS.md); not yet run to the end
    drnet-mmnist)    run "$n" drnet --data drnet-mmnist --steps 6000 "${DRNET_SMALL[@]}" ;;
    drnet-lstm-mmnist) run "$n" drnet-lstm --data drnet-mmnist --steps 2000 --from "$RUNS/drnet-mmnist/model.safetensors" \
                       --set rnn_size=128 --set lstm_batch_size=16 ;;
    crossconv-shapes)    run "$n" crossconv --data shapes --preset small --steps 8000 ;;
    crossconv-ae-shapes) run "$n" crossconv --data shapes --preset small --steps 8000 --set ablation=ae ;;
    lapgan-mnist)    run "$n" lapgan --data mnist --steps 3000 --set classes=10 ;;
    videogan-2s-cond-mmnist) run "$n" videogan-2s-cond --data mmnist --steps 3000 ;;
    *) echo "unknown model '$n'" >&2; exit 2 ;;
  esac
done
