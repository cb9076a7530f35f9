#!/usr/bin/env bash
# Runs pointgrad's JMH benchmarks and the PyTorch CPU reference (the folder $REF) in the same session, alternating
# rounds, and prints a table of ratios (ours / PyTorch, lower is better) with both absolute times. First comes the
# paired table (paired_ratio.py: both sides as servers, 2-second windows alternating ABBA, so each ratio compares
# measurements seconds apart), which is the one to quote on a machine whose speed drifts; then the JMH rounds.
#   REF=../shared/ref benchmarks/compare-pytorch.sh   # 3 JMH rounds, 12 paired rounds (ROUNDS=1 PAIRED_ROUNDS=4 for a quick look)
# With REF_CMD set (a reference server's command, e.g. REF_CMD='/tmp/djl-ref/run-server.sh auto' for PyTorch 2.7),
# the paired table is also run against it, AtlasNet cases included.
# Needs Debian's python3-torch (installed here if missing); the PyTorch code is only measured, never used.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ref="${REF:?set REF to the PyTorch reference folder (with vae_ref.py and tuned.sh)}"
out="${OUT:-$root/benchmarks/target/compare}"
rounds="${ROUNDS:-3}"
mkdir -p "$out"
if ! /usr/bin/python3 -c "import torch, scipy" >/dev/null 2>&1; then
  echo "installing the PyTorch reference runtime (Debian packages) ..." >&2
  apt-get update -qq && apt-get install -y -qq python3-torch python3-scipy python3-numpy libopenblas0-openmp libjemalloc2
fi
(cd "$root" && mvn -B -q -DskipTests -pl benchmarks -am package)
jar="$root/benchmarks/target/benchmarks.jar"
echo "== paired windows: pointgrad and PyTorch servers, alternating" >&2
/usr/bin/python3 "$root/benchmarks/paired_ratio.py" --jar "$jar" --ref "$ref" --cases 0,1,2,3,4 --rounds "${PAIRED_ROUNDS:-12}" \
  --out "$out/paired.json" 2>"$out/paired.log" | tee "$out/paired.txt" \
  || echo "paired table failed; see $out/paired.log (continuing with the JMH rounds)" >&2
if [ -n "${REF_CMD:-}" ]; then
  /usr/bin/python3 "$root/benchmarks/paired_ratio.py" --jar "$jar" --ref-cmd "$REF_CMD" --ref-name "${REF_NAME:-PyTorch 2.7}" \
    --rounds "${PAIRED_ROUNDS:-12}" --out "$out/paired-ref-cmd.json" 2>"$out/paired-ref-cmd.log" | tee "$out/paired-ref-cmd.txt" \
    || echo "paired table against REF_CMD failed; see $out/paired-ref-cmd.log" >&2
fi
for r in $(seq 1 "$rounds"); do
  echo "== round $r of $rounds: pointgrad (JMH)" >&2
  java -jar "$jar" 'TrainStepBenchmark|InferenceBenchmark' -f 1 -wi 3 -i 5 -w 2 -r 2 \
    -rf json -rff "$out/ours_$r.json" >"$out/ours_$r.log" 2>&1
  echo "== round $r of $rounds: PyTorch (vae_ref.py time)" >&2
  (cd "$ref" && ./tuned.sh vae_ref.py time --out "$out/torch_$r.json" >"$out/torch_$r.log" 2>&1)
done
echo "== Chamfer: pointgrad (JMH) and PyTorch/scipy (chamfer_ref.py)" >&2
java -jar "$jar" ChamferBenchmark -p shape=16x1024 -p strategy=BRUTE_FORCE -f 1 -wi 3 -i 5 -w 2 -r 2 \
  -rf json -rff "$out/ours_chamfer_small.json" >"$out/ours_chamfer_small.log" 2>&1
# One cloud of 50,000 points against an independent sample of the same sphere (like a good reconstruction and its
# input), as chamfer_ref.py's --kd-same mode; its PyTorch autograd variants at 50k take many minutes and are skipped.
java -jar "$jar" ChamferBenchmark.forward -p shape=1x50000 -p strategy=KD_TREE -p distribution=surface -f 1 -wi 3 -i 5 -w 2 -r 2 \
  -rf json -rff "$out/ours_chamfer_large.json" >"$out/ours_chamfer_large.log" 2>&1
(cd "$ref" && ./tuned.sh chamfer_ref.py --threads 2 --configs 16x1024 --out "$out/torch_chamfer.json" >"$out/torch_chamfer.log" 2>&1)
(cd "$ref" && ./tuned.sh chamfer_ref.py --threads 2 --kd-same --configs 1x50000 --out "$out/torch_chamfer_kd.json" >"$out/torch_chamfer_kd.log" 2>&1)
/usr/bin/python3 "$root/benchmarks/ratio_table.py" "$out" "$rounds"
