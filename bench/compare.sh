#!/usr/bin/env bash
# Runs the PyTorch reference (at each setting of shared/bench/README.md's "best setting" rule) and
# `rnn4j bench` on this machine, one after the other, and prints the tables of BENCHMARKS.md:
# PyTorch's best per workload, rnn4j, and the ratio rnn4j ÷ PyTorch (higher = rnn4j faster); with
# --anchors also libtorch 2.7.1 and ONNX Runtime 1.20, and rnn4j ÷ the best of the three engines.
#
#   bench/compare.sh [--anchors] [--sweep] [--quick] [--rounds N] [--java-home DIR]... [--out DIR] [WORKLOAD...]
#
#   WORKLOAD...      workloads to run (default: the nine reference ones and infer_gru_batch);
#                    gemm_n256..gemm_n2048 always run (except with --quick)
#   --anchors        also the shared anchors (libtorch 2.7.1 through DJL, ONNX Runtime 1.20; see
#                    anchors-java/README.md in the shared bench folder) at 1 and 2 threads, and
#                    ONNX Runtime on infer_gru_batch (rnn4j-jmh's OrtBatchInference) at 1 and 2 threads
#   --sweep          also the sweeps (sequence length 32..1024, batch 1..256)
#   --quick          a smoke test of this script, not figures for BENCHMARKS.md: the anchors and
#                    OrtBatchInference do 1 warm-up and 2 timed calls, no GEMM, no peak-memory runs
#   --rounds N       run everything N times, alternating the engines, and keep each one's best
#                    figure per workload (for a busy machine; default 1)
#   --java-home DIR  also run rnn4j under this JDK (one more column); repeatable
#   --out DIR        keep the raw JSON lines there (default: a new directory under /tmp)
#
# Every round also runs infer_lstm_batch and infer_gru_batch (when selected) in a fresh JVM each,
# `./rnn4j bench WORKLOAD` alone: the figure a command-line user gets, reported as the rows
# "WORKLOAD (fresh JVM)" beside the all-workloads-in-one-JVM figure. And it measures the peak resident
# memory of train_lstm_charlm run alone, PyTorch at each setting and rnn4j as the launcher runs it,
# with /usr/bin/time (apt-get install time); the medians over the rounds are printed after the ratio table.
#
# The PyTorch reference script, torch_reference.py, and the anchors live outside this repository:
# in $SHARED_BENCH when set, else in ../shared/bench beside the repository. The anchors are copied
# to $RNN4J_ANCHORS_DIR (default ~/.cache/rnn4j/anchors-java), built and run there (the first build
# fetches DJL's libtorch from Maven Central, ~110 MB, and unpacks it into ~/.djl.ai, ~450 MB);
# the caller holds the timing lock, so they run with CPU_LOCK_HELD=1.
#
# Needs /usr/bin/python3 with torch (apt-get install python3-torch libopenblas0-pthread).
# OPENBLAS_CORETYPE/OPENBLAS_L2_SIZE, set on some machines for older OpenBLAS builds, are unset for
# the PyTorch runs only, so OpenBLAS picks its kernel for this CPU (printed in the header). libtorch
# 2.7.1 (MKL, linked in) and ONNX Runtime (its own MLAS kernels) contain no OpenBLAS, so they do not
# read them.
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
shared="${SHARED_BENCH:-}"
if [ -z "$shared" ]; then
  if [ -f "$repo/../shared/bench/torch_reference.py" ]; then shared="$(cd "$repo/../shared/bench" && pwd)"; fi
fi
if [ -z "$shared" ] || [ ! -f "$shared/torch_reference.py" ]; then
  echo "compare.sh: cannot find torch_reference.py; set SHARED_BENCH to the shared/bench directory" >&2
  exit 2
fi
export SHARED_BENCH="$shared"

sweep=0
anchors=0
quick=0
rounds=1
out=""
java_homes=()
workloads=()
while [ $# -gt 0 ]; do
  case "$1" in
    --sweep) sweep=1 ;;
    --anchors) anchors=1 ;;
    --quick) quick=1 ;;
    --java-home) java_homes+=("$2"); shift ;;
    --out) out="$2"; shift ;;
    --rounds) rounds="$2"; shift ;;
    -h|--help) sed -n '2,38p' "$0"; exit 0 ;;
    -*) echo "compare.sh: unknown option $1" >&2; exit 2 ;;
    *) workloads+=("$1") ;;
  esac
  shift
done
if [ ${#workloads[@]} -eq 0 ]; then
  workloads=(train_lstm_classifier train_gru_classifier train_lstm_charlm infer_lstm_batch infer_lstm_stream infer_gru_stream
             train_seq2seq_attention translate_greedy generate_charlm infer_gru_batch)
fi
# who times what: torch_extra.py the workloads the reference script lacks, the anchors their six,
# OrtBatchInference the batch models the anchors lack, a fresh JVM each the two batch workloads
torch_ref=(); torch_more=(); anchor_work=(); ort_work=(); fresh_work=()
for w in "${workloads[@]}"; do
  case "$w" in
    infer_gru_batch) torch_more+=("$w"); ort_work+=("$w") ;;
    *) torch_ref+=("$w") ;;
  esac
  case "$w" in
    train_lstm_classifier|train_gru_classifier|train_lstm_charlm|infer_lstm_batch|infer_lstm_stream|infer_gru_stream)
      anchor_work+=("$w") ;;
  esac
  case "$w" in infer_lstm_batch|infer_gru_batch) fresh_work+=("$w") ;; esac
done
case "$rounds" in
  ''|*[!0-9]*|0) echo "compare.sh: --rounds expects a positive whole number, got '$rounds'" >&2; exit 2 ;;
esac
for h in "${java_homes[@]}"; do
  [ -x "$h/bin/java" ] || { echo "compare.sh: no $h/bin/java" >&2; exit 2; }
done
out="${out:-$(mktemp -d /tmp/rnn4j-compare.XXXXXX)}"
mkdir -p "$out"
extra=()  # the groups both sides time beyond the named workloads
[ "$quick" = 1 ] || extra+=(gemm)
[ "$sweep" = 1 ] && extra+=(sweep_seq sweep_batch)
torch_more+=(${extra[@]+"${extra[@]}"})
py=/usr/bin/python3
cores="$(nproc)"

run() { # label, file, command...: echo the command, run it, keep its JSON lines
  local label="$1" file="$2"; shift 2
  echo "\$ $*" >&2
  "$@" | tee -a "$file" >&2
}

{
  echo "date:    $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo "load:    $(uptime)"
  echo "cores:   $cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //'), family $(grep -m1 'cpu family' /proc/cpuinfo | cut -d: -f2 | tr -d ' ') model $(grep -m1 '^model\s' /proc/cpuinfo | cut -d: -f2 | tr -d ' '))"
  echo "memory:  $(free -g | awk '/Mem:/{print $2 " GiB"}')"
  echo "java:    $("$(RNN4J_WHICH_JAVA=1 "$repo/rnn4j")" -version 2>&1 | head -1) (the launcher's choice)"
  for h in "${java_homes[@]}"; do echo "java:    $("$h/bin/java" -version 2>&1 | head -1) ($h)"; done
  env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE $py - <<'PY'
import ctypes, torch
core = "?"
try:
    lib = ctypes.CDLL("libblas.so.3"); f = lib.openblas_get_corename; f.restype = ctypes.c_char_p; core = f().decode()
except Exception as e:
    core = "unknown (%s)" % e
print("pytorch: %s, OpenBLAS kernel %s" % (torch.__version__, core))
PY
  [ "$anchors" = 1 ] && echo "anchors: the shared bench folder's anchors-java, java $(java -version 2>&1 | head -1)"
  [ "$quick" = 1 ] && echo "quick:   a smoke test (anchors 1 warm-up + 2 timed calls, no GEMM, no peak memory)"
  echo "raw:     $(realpath --relative-to="$repo" "$out" 2>/dev/null || echo "$out")"
} | tee "$out/machine.txt" >&2

modules=rnn4j-cli
[ "$anchors" = 1 ] && modules=rnn4j-cli,rnn4j-jmh  # rnn4j-jmh holds OrtBatchInference
echo "building rnn4j (mvn -q -DskipTests package -pl $modules -am)" >&2
(cd "$repo" && mvn -q -B -DskipTests package -pl "$modules" -am) >&2

anchors_dir="${RNN4J_ANCHORS_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/rnn4j/anchors-java}"
ort_models="$anchors_dir/target/rnn4j-models"
quick_env=(); [ "$quick" = 1 ] && quick_env=(QUICK=1)
if [ "$anchors" = 1 ]; then
  [ -x "$shared/anchors-java/run.sh" ] || { echo "compare.sh: no $shared/anchors-java/run.sh" >&2; exit 2; }
  case "$anchors_dir" in "$repo"|"$repo"/*) echo "compare.sh: RNN4J_ANCHORS_DIR must be outside the repository" >&2; exit 2 ;; esac
  # a copy keeps the shared folder untouched; cp -a keeps the files' times, so run.sh rebuilds
  # and re-exports only when the shared sources change
  mkdir -p "$anchors_dir"
  cp -a "$shared/anchors-java/." "$anchors_dir/"
  chmod -R u+w "$anchors_dir"
  echo "preparing the anchors in $anchors_dir (build, model export)" >&2
  (cd "$anchors_dir" && DRY_RUN=1 CPU_LOCK_HELD=1 ./run.sh 1 infer_lstm_batch >/dev/null)
  for w in ${ort_work[@]+"${ort_work[@]}"}; do  # exported again only when the script changes
    if [ ! "$ort_models/$w.json" -nt "$repo/bench/export_onnx_batch.py" ]; then
      /usr/bin/python3 -W ignore "$repo/bench/export_onnx_batch.py" "$ort_models" "$w" >&2
    fi
  done
fi
ort_cp="$repo/rnn4j-jmh/target/classes:$(cat "$repo/rnn4j-jmh/target/ort-classpath.txt" 2>/dev/null || true)"
other_engine() { # file, log, command...: run a non-rnn4j engine, keep its JSON lines and its stderr;
  # a failure is reported and leaves its lines out instead of ending the comparison
  local file="$1" log="$2"; shift 2
  local before; before=$(wc -l <"$log")
  echo "\$ $*" >&2
  "$@" 2>>"$log" | tee -a "$file" >&2 || echo "compare.sh: failed (exit ${PIPESTATUS[0]}); see $log" >&2
  tail -n +"$((before + 1))" "$log" | grep '^# check' >&2 || true
}

declare -A torch_env=(
  [t1-ob2]="1 OPENBLAS_NUM_THREADS=2"
  [t1-ob1]="1 OPENBLAS_NUM_THREADS=1 OMP_WAIT_POLICY=PASSIVE"
  [t2-ob1]="2 OPENBLAS_NUM_THREADS=1 OMP_WAIT_POLICY=PASSIVE"
)
jdk_file() { # JAVA_HOME or "" → the rnn4j results file of that JDK
  if [ -z "$1" ]; then echo "$out/rnn4j.jsonl"; else echo "$out/rnn4j_$(basename "$1").jsonl"; fi
}
for label in t1-ob2 t1-ob1 t2-ob1; do : >"$out/torch_$label.jsonl"; done
for h in "" "${java_homes[@]}"; do : >"$(jdk_file "$h")"; done
: >"$out/rnn4j_fresh.jsonl"
if [ "$anchors" = 1 ]; then
  for t in 1 2; do : >"$out/anchors_t$t.jsonl"; : >"$out/anchors_t$t.log"; done
  : >"$out/ort_batch.jsonl"; : >"$out/ort_batch.log"
fi
rss_file="$out/peak_rss.tsv"
: >"$rss_file"
peak_rss() { # side, setting, round, command...: the command's peak RSS in KB, appended to peak_rss.tsv
  local side="$1" setting="$2" r="$3"; shift 3
  [ -x /usr/bin/time ] || return 0
  local kb
  kb=$( { /usr/bin/time -f 'peak_rss_kb %M' "$@" >/dev/null; } 2>&1 | sed -n 's/^peak_rss_kb //p' | tail -1)
  echo "peak RSS, train_lstm_charlm alone, $side $setting: ${kb:-?} KB" >&2
  printf '%s\t%s\t%s\t%s\n' "$side" "$setting" "$r" "${kb:-}" >>"$rss_file"
}

for round in $(seq 1 "$rounds"); do
  echo "round $round of $rounds ($(uptime))" | tee -a "$out/machine.txt" >&2
  for label in t1-ob2 t1-ob1 t2-ob1; do
    read -r threads envs <<<"${torch_env[$label]}"
    file="$out/torch_$label.jsonl"
    if [ ${#torch_ref[@]} -gt 0 ]; then
      # shellcheck disable=SC2086
      run "$label" "$file" env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE $envs $py "$shared/torch_reference.py" "$threads" "${torch_ref[@]}"
    fi
    if [ ${#torch_more[@]} -gt 0 ]; then
      # shellcheck disable=SC2086
      run "$label" "$file" env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE $envs $py "$repo/bench/torch_extra.py" "$threads" "${torch_more[@]}"
    fi
  done
  if [ "$anchors" = 1 ]; then
    for t in 1 2; do
      if [ ${#anchor_work[@]} -gt 0 ]; then
        other_engine "$out/anchors_t$t.jsonl" "$out/anchors_t$t.log" \
          env CPU_LOCK_HELD=1 ${quick_env[@]+"${quick_env[@]}"} "$anchors_dir/run.sh" "$t" "${anchor_work[@]}"
      fi
      if [ ${#ort_work[@]} -gt 0 ]; then
        quick_arg=(); [ "$quick" = 1 ] && quick_arg=(--quick)
        other_engine "$out/ort_batch.jsonl" "$out/ort_batch.log" java -cp "$ort_cp" dev.rnn4j.jmh.ort.OrtBatchInference \
          ${quick_arg[@]+"${quick_arg[@]}"} --models="$ort_models" "$t" "${ort_work[@]}"
      fi
    done
  fi
  for h in "" "${java_homes[@]}"; do
    if [ -z "$h" ]; then
      run rnn4j "$(jdk_file "$h")" "$repo/rnn4j" bench --threads "$cores" "${workloads[@]}" ${extra[@]+"${extra[@]}"}
    else
      run rnn4j "$(jdk_file "$h")" env RNN4J_JAVA="$h/bin/java" "$repo/rnn4j" bench --threads "$cores" "${workloads[@]}" ${extra[@]+"${extra[@]}"}
    fi
  done
  for w in ${fresh_work[@]+"${fresh_work[@]}"}; do  # each in a JVM that runs nothing else first
    run rnn4j "$out/rnn4j_fresh.jsonl" "$repo/rnn4j" bench --threads "$cores" "$w"
  done
  [ "$quick" = 1 ] && continue  # no peak-memory runs in a smoke test
  for label in t1-ob2 t1-ob1 t2-ob1; do
    read -r threads envs <<<"${torch_env[$label]}"
    # shellcheck disable=SC2086
    peak_rss pytorch "$label" "$round" env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE $envs $py "$shared/torch_reference.py" "$threads" train_lstm_charlm
  done
  for h in "" "${java_homes[@]}"; do
    if [ -z "$h" ]; then
      peak_rss rnn4j "java $(basename "$(dirname "$(dirname "$(RNN4J_WHICH_JAVA=1 "$repo/rnn4j")")")")" "$round" "$repo/rnn4j" bench --threads "$cores" train_lstm_charlm
    else
      peak_rss rnn4j "java $(basename "$h")" "$round" env RNN4J_JAVA="$h/bin/java" "$repo/rnn4j" bench --threads "$cores" train_lstm_charlm
    fi
  done
done

torch_args=()
for label in t1-ob2 t1-ob1 t2-ob1; do
  read -r threads envs <<<"${torch_env[$label]}"
  torch_args+=(--torch "THREADS $threads, $envs=$out/torch_$label.jsonl")
done
java_version() { "$1" -version 2>&1 | head -1 | sed -E 's/.*version "([^"]+)".*/\1/'; }
rnn4j_args=(--rnn4j "java $(java_version "$(RNN4J_WHICH_JAVA=1 "$repo/rnn4j")")=$(jdk_file "")")
for h in "${java_homes[@]}"; do
  rnn4j_args+=(--rnn4j "java $(java_version "$h/bin/java")=$(jdk_file "$h")")
done

echo "load after: $(uptime)" | tee -a "$out/machine.txt" >&2
table_args=(--fresh "$out/rnn4j_fresh.jsonl")
[ "$anchors" = 1 ] && table_args+=(--anchors "$out/anchors_t1.jsonl" --anchors "$out/anchors_t2.jsonl" --anchors "$out/ort_batch.jsonl")
$py "$repo/bench/ratio_table.py" "${torch_args[@]}" "${rnn4j_args[@]}" "${table_args[@]}" | tee "$out/table.md"
if [ -s "$rss_file" ]; then
  $py - "$rss_file" <<'PY' | tee "$out/peak_rss.md"
import statistics, sys
rows = [line.rstrip("\n").split("\t") for line in open(sys.argv[1]) if line.strip()]
runs = {}
for side, setting, _, kb in rows:
    if kb:
        runs.setdefault((side, setting), []).append(int(kb) / 1000)
print("\n| peak RSS, train_lstm_charlm alone | median MB | range MB | runs |\n|---|---|---|---|")
for (side, setting), mb in runs.items():
    print("| %s %s | %.0f | %.0f-%.0f | %d |" % (side, setting, statistics.median(mb), min(mb), max(mb), len(mb)))
torch = [statistics.median(v) for (s, _), v in runs.items() if s == "pytorch"]
ours = [statistics.median(v) for (s, _), v in runs.items() if s == "rnn4j"]
if torch and ours:
    print("\nrnn4j (launcher's JDK) / lowest PyTorch median: %.2f (target: <= 1)" % (ours[0] / min(torch)))
PY
fi
