#!/usr/bin/env bash
# The text-classification ablation of RESULTS.md ("Ablation on fresh seeds"): one, three networks,
# with and without the n-gram table, on SST-2 (phrases), the MR split and MR 10-fold CV, plus the
# table alone (NaiveBayesAlone.java). Every run uses 1 kernel thread, so its result does not depend
# on the machine's core count (same seed and thread count give the same model bit for bit).
#
#   DATA=path/to/shared/data tools/ablation/classify_ablation.sh OUT_DIR SEED [sst|mr|cv|nb ...]
#
# Writes OUT_DIR/{sst,mr,cv}-{3t,1t,3n,1n}-sSEED.json (--metrics-json of each run) and .log,
# and OUT_DIR/nb-sSEED.txt; a run whose .json exists is skipped, so the script can be rerun.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
: "${DATA:?set DATA to the folder holding sst-trees, sst2 and mr-rt-polarity}"
out=$1 seed=$2; shift 2
datasets=("${@:-sst mr cv nb}")
mkdir -p "$out"
"$repo/rnn4j" --version > /dev/null   # builds rnn4j-cli/target/rnn4j.jar when needed
java_cmd=$(RNN4J_WHICH_JAVA=1 "$repo/rnn4j")
jar="$repo/rnn4j-cli/target/rnn4j.jar"

# tag -> extra flags: 3t = the defaults (3 networks + table), 1t = one network + table,
# 3n = three networks alone, 1n = one network alone
declare -A flags=([3t]="" [1t]="--ensemble 1" [3n]="--ngram-order 0" [1n]="--ensemble 1 --ngram-order 0")

train() { # name, then classify-train arguments
  local name=$1; shift
  [ -f "$out/$name.json" ] && return 0
  "$repo/rnn4j" classify train "$@" --threads 1 --quiet --metrics-json "$out/$name.json.tmp" > "$out/$name.log" 2>&1
  mv "$out/$name.json.tmp" "$out/$name.json"
}

for ds in ${datasets[*]}; do
  for tag in 3t 1t 3n 1n; do
    extra=${flags[$tag]}
    case $ds in
      sst) train "sst-$tag-s$seed" --train "$DATA/sst-trees/train.txt" --phrases --binary \
             --dev "$DATA/sst2/stsa.binary.dev" --test "$DATA/sst2/stsa.binary.test" --seed "$seed" \
             --out "$out/model-sst-$tag-s$seed" $extra ;;
      mr)  train "mr-$tag-s$seed" --train "$DATA/mr-rt-polarity" --encoding windows-1252 --dev-split 0.1 \
             --seed "$seed" --out "$out/model-mr-$tag-s$seed" $extra ;;
      cv)  train "cv-$tag-s$seed" --train "$DATA/mr-rt-polarity" --encoding windows-1252 --cv 10 \
             --dev-split 0.1 --seed "$seed" $extra ;;
      nb)  if [ "$tag" = 3t ]; then   # one run: the table has no network configurations
             "$java_cmd" -cp "$jar" "$here/NaiveBayesAlone.java" "$DATA" "$seed" > "$out/nb-s$seed.txt"
           fi ;;
    esac
  done
done
