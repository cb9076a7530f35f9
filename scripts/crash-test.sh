#!/usr/bin/env bash
# Crash test of run folders: SIGKILLs a real `pointvae train` at random instants (and, for some kills, inside a
# checkpoint write, caught by watching for its temp file while -Dpointgrad.test.checkpointDelayMs holds the write
# open), resumes after each kill with `train --resume`, and checks that every finished run's model.safetensors is
# byte for byte the model of an uninterrupted run with the same options.
#
#   scripts/crash-test.sh [KILLS [KILLS_IN_WRITE]]      (defaults: 50 and 10; 10 to 20 minutes on 2 busy cores)
#
# Exit 0 when every kill was followed by a resume that finished with the identical model; 1 otherwise.
set -euo pipefail
kills=${1:-50}
in_write=${2:-10}
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
pointvae="$here/pointvae"
work="$(mktemp -d "${TMPDIR:-/tmp}/pointvae-crash.XXXXXX")"
trap 'rm -rf "$work"' EXIT
# Small and exact: few synthetic shapes, few epochs, one thread (the same arithmetic in every process).
opts=(--synthetic airplanes --shapes 40 --points 128 --epochs 5 --batch 4 --latent 8 --patches 2 --hidden 32
      --eval-shapes 4 --threads 1 --no-progress --seed 7)
delay_ms=400

echo "crash-test: reference run (uninterrupted) in $work/ref"
t0=$(date +%s.%N)
"$pointvae" train "${opts[@]}" --out "$work/ref" > "$work/ref.log" 2>&1 || { cat "$work/ref.log"; exit 1; }
ref_seconds=$(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN { printf "%.2f", b - a }')
ref_sum="$(sha256sum < "$work/ref/model.safetensors")"
echo "crash-test: the uninterrupted run took $ref_seconds s"

done_kills=0 done_in_write=0 runs=0 round=0 failures=0
run="$work/run0"
start_run() {  # $1: extra options, $2: write delay in ms; starts pointvae in the background, sets $pid
  POINTVAE_JAVA_OPTS="-Dpointgrad.test.checkpointDelayMs=$2" "$pointvae" train "${opts[@]}" $1 --out "$run" >> "$work/run.log" 2>&1 &
  pid=$!
}
finish_check() {  # a run finished without a kill: compare it with the reference
  local sum
  sum="$(sha256sum < "$run/model.safetensors")"
  runs=$((runs + 1))
  if [ "$sum" != "$ref_sum" ]; then
    echo "crash-test: FAIL: $run finished with a model different from the uninterrupted run's"; failures=$((failures + 1))
  fi
}
while [ "$done_kills" -lt "$kills" ]; do
  round=$((round + 1))
  if ls "$run"/checkpoint-*.safetensors > /dev/null 2>&1; then mode="--resume"; elif [ -d "$run" ]; then mode="--overwrite"; else mode=""; fi
  if [ "$done_in_write" -lt "$in_write" ] && [ "$mode" = "--resume" ]; then
    # A checkpoint write held open for $delay_ms ms, so the kill lands inside it.
    start_run "$mode" "$delay_ms"
    # Kill inside the k-th checkpoint or model write of this process (k random in 1..4): watch for its temp file.
    hit=0 seen="" k=$((1 + RANDOM % 4))
    for _ in $(seq 1 2000); do
      if ! kill -0 "$pid" 2> /dev/null; then break; fi
      temp="$(compgen -G "$run/.checkpoint-*.tmp" || compgen -G "$run/.model.safetensors.*.tmp" || true)"
      if [ -n "$temp" ] && [[ "$seen" != *"$temp"* ]]; then
        seen="$seen $temp"
        k=$((k - 1))
        if [ "$k" -eq 0 ]; then kill -9 "$pid" 2> /dev/null && hit=1; break; fi
      fi
      sleep 0.05
    done
    if [ "$hit" -eq 1 ]; then done_in_write=$((done_in_write + 1)); fi
  else
    # Anywhere: JVM start, data synthesis, a step, metrics, a checkpoint, priors, evaluation, pictures.
    start_run "$mode" 0
    sleep "$(awk -v r="$RANDOM" -v t="$ref_seconds" 'BEGIN { printf "%.2f", t * (0.1 + 0.85 * r / 32767) }')"
    if kill -9 "$pid" 2> /dev/null; then hit=1; else hit=0; fi
  fi
  code=0
  wait "$pid" 2> /dev/null || code=$?
  if [ "$hit" -eq 1 ]; then
    done_kills=$((done_kills + 1))
    echo "crash-test: kill $done_kills ($done_in_write inside a checkpoint write) during round $round ($mode)"
  elif [ "$code" -eq 0 ]; then
    finish_check
    echo "crash-test: $run finished (round $round); next run"
    run="$work/run$runs"
  else
    echo "crash-test: FAIL: pointvae exited $code without a kill (round $round); log: $work/run.log"; tail -5 "$work/run.log"
    failures=$((failures + 1)); break
  fi
done
# Finish the last run.
if [ -d "$run" ] && [ "$failures" -eq 0 ]; then
  if ls "$run"/checkpoint-*.safetensors > /dev/null 2>&1; then mode="--resume"; else mode="--overwrite"; fi
  "$pointvae" train "${opts[@]}" $mode --out "$run" >> "$work/run.log" 2>&1 || { echo "crash-test: FAIL: final resume"; failures=$((failures + 1)); }
  [ "$failures" -eq 0 ] && finish_check
fi
leftover="$(find "$work" -name '*.tmp' | wc -l)"
echo "crash-test: $done_kills kills ($done_in_write inside a checkpoint write), $runs runs compared, $failures failures, $leftover temp files left"
[ "$failures" -eq 0 ] && [ "$done_in_write" -ge "$in_write" ]
