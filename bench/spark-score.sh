#!/usr/bin/env bash
# Scoring a large text file with a trained text classifier: `rnn4j spark predict` on a local master
# against the single-process `rnn4j classify predict` (every line of standard input through the
# classifier's batch path), on the same cores; prints the lines per second of each and Spark's overhead.
#
#   bench/spark-score.sh --model DIR --sst2 DIR [--lines 1000000] [--cores 2] [--out DIR]
#                        [--batch-size N] [--partitions N] [--sort-window N]
#
#   --model DIR       a text classifier's folder (rnn4j classify train)
#   --sst2 DIR        a folder with stsa.binary.test and stsa.binary.dev (rnn4j classify download sst2)
#   --lines N         lines of the file to score: the test and dev sentences, labels removed, repeated
#                     in order until N lines (default 1000000)
#   --cores N         local[N] for Spark, --threads N for the single process (default 2)
#   --out DIR         keep the text file, both outputs and logs there (default: a new temporary directory)
#   --batch-size N, --partitions N, --sort-window N   passed on to rnn4j spark predict (defaults: the command's)
#
# Each figure is lines / wall-clock seconds of the whole command, JVM start, model loading, reading and
# writing included (Spark's own start, about 5 s, weighs on small files only). Spark runs one kernel
# thread per task (-Drnn4j.threads=1: N tasks fill N cores); the single process uses N kernel threads.
# Both run on the JDK the rnn4j launcher chooses (printed first), Spark on a local master in its own JVM
# (RNN4J_SPARK_LOCAL=1, so an installed spark-submit and its JDK are not used).
# Run it alone on an otherwise idle machine.
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
model="" sst2="" lines=1000000 cores=2 out="" spark_flags=()
while [ $# -gt 0 ]; do
  case "$1" in
    --model) model="$2"; shift 2 ;;
    --sst2) sst2="$2"; shift 2 ;;
    --lines) lines="$2"; shift 2 ;;
    --cores) cores="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    --batch-size) spark_flags+=(--batch-size "$2"); shift 2 ;;
    --partitions) spark_flags+=(--partitions "$2"); shift 2 ;;
    --sort-window) spark_flags+=(--sort-window "$2"); shift 2 ;;
    *) echo "spark-score.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done
[ -n "$model" ] || { echo "spark-score.sh: --model DIR is required" >&2; exit 2; }
[ -f "$sst2/stsa.binary.test" ] && [ -f "$sst2/stsa.binary.dev" ] \
  || { echo "spark-score.sh: --sst2 DIR must hold stsa.binary.test and stsa.binary.dev" >&2; exit 2; }
[ -n "$out" ] || out="$(mktemp -d -t rnn4j-spark-score.XXXXXX)"
mkdir -p "$out"

# the file: "label text" lines without their label, repeated until $lines lines
texts="$out/texts-$lines.txt"
if [ ! -f "$texts" ]; then
  cut -d' ' -f2- "$sst2/stsa.binary.test" "$sst2/stsa.binary.dev" \
    | awk -v n="$lines" '{ s[NR] = $0 } END { for (i = 0; i < n; i++) print s[i % NR + 1] }' > "$texts"
fi
echo "file: $texts ($(wc -l < "$texts") lines, $(du -h "$texts" | cut -f1)); load: $(uptime | sed 's/.*load/load/')"
echo "java: $(RNN4J_WHICH_JAVA=1 "$repo/rnn4j")"

# both launchers build their jars on first use: do it before any timing
"$repo/rnn4j" --version > /dev/null
RNN4J_SPARK_LOCAL=1 "$repo/rnn4j" spark predict --help > /dev/null

seconds() { # command... : runs it and prints its wall-clock seconds
  local start end
  start=$(date +%s.%N)
  "$@"
  end=$(date +%s.%N)
  echo "$end - $start" | bc -l
}

single=$(seconds bash -c "\"$repo/rnn4j\" classify predict --model \"$model\" --threads $cores \
  < \"$texts\" > \"$out/single.tsv\" 2> \"$out/single.log\"")
[ "$(wc -l < "$out/single.tsv")" -eq "$lines" ] || { echo "single process: $(wc -l < "$out/single.tsv") lines out" >&2; exit 1; }

rm -rf "$out/spark-out"
spark=$(seconds bash -c "RNN4J_SPARK_LOCAL=1 RNN4J_JAVA_OPTS=-Drnn4j.threads=1 \"$repo/rnn4j\" spark predict --model \"$model\" \
  --input \"$texts\" --output \"$out/spark-out\" --master 'local[$cores]' ${spark_flags[*]:-} \
  > \"$out/spark.log\" 2>&1")
scored=$(cat "$out"/spark-out/part-* | wc -l)
[ "$scored" -eq "$lines" ] || { echo "spark: $scored lines out (see $out/spark.log)" >&2; exit 1; }

awk -v n="$lines" -v a="$single" -v b="$spark" -v c="$cores" 'BEGIN {
  printf "single process (rnn4j classify predict --threads %d): %.1f s, %.0f lines/s\n", c, a, n / a
  printf "spark (rnn4j spark predict --master local[%d]):        %.1f s, %.0f lines/s\n", c, b, n / b
  printf "spark / single process, time: %.3f (overhead %+.1f %%)\n", b / a, 100 * (b / a - 1)
}'
grep "rnn4j spark predict:" "$out/spark.log" || true
echo "load: $(uptime | sed 's/.*load/load/'); outputs and logs in $out"
