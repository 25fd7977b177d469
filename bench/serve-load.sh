#!/usr/bin/env bash
# The serving figures: `rnn4j serve` with dynamic batching, then serving one request at a time
# (--max-batch 1), each driven by `rnn4j loadtest` from the same clients for the same time on this
# machine; prints both reports and the throughput ratio (batched ÷ one at a time).
#
#   bench/serve-load.sh --model DIR [--clients 64] [--duration 10m] [--port 18080] [--out DIR]
#
#   --model DIR      a model folder, e.g. runs/sst2 from `./rnn4j classify train` (text classifiers get
#                    built-in sentences; other tasks need --bodies FILE, passed on to loadtest)
#   --clients N      concurrent clients (default 64)
#   --duration T     per run: 30s, 10m, 1h (default 10m)
#   --port P         the server's port on 127.0.0.1 (default 18080)
#   --out DIR        keep the server logs and loadtest reports there (default: a new temporary directory)
#   --bodies FILE    JSON request bodies, one per line
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
model="" clients=64 duration=10m port=18080 out="" bodies=()
while [ $# -gt 0 ]; do
  case "$1" in
    --model) model="$2"; shift 2 ;;
    --clients) clients="$2"; shift 2 ;;
    --duration) duration="$2"; shift 2 ;;
    --port) port="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    --bodies) bodies=(--bodies "$2"); shift 2 ;;
    *) echo "serve-load.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done
[ -n "$model" ] || { echo "serve-load.sh: --model DIR is required" >&2; exit 2; }
[ -n "$out" ] || out="$(mktemp -d -t rnn4j-serve-load.XXXXXX)"
mkdir -p "$out"
"$repo/rnn4j" --version >/dev/null # builds the jar once, before any timing

run() { # label, serve flags...
  local label="$1"; shift
  "$repo/rnn4j" serve --model "m=$model" --port "$port" "$@" >"$out/serve-$label.log" 2>&1 &
  local pid=$!
  for _ in $(seq 1 300); do
    if grep -q "listening on" "$out/serve-$label.log"; then break; fi
    if ! kill -0 "$pid" 2>/dev/null; then cat "$out/serve-$label.log" >&2; exit 1; fi
    sleep 1
  done
  echo "== $label: serve $*"
  "$repo/rnn4j" loadtest --url "http://127.0.0.1:$port" --model m --clients "$clients" --duration "$duration" \
      "${bodies[@]}" --json | tee "$out/loadtest-$label.txt" || true
  kill -TERM "$pid" # (a background job ignores SIGINT); the server stops gracefully on either
  wait "$pid" || true
}

run batched
run one-at-a-time --max-batch 1
python3 - "$out/loadtest-batched.txt" "$out/loadtest-one-at-a-time.txt" <<'PY'
import json, sys
rate = [json.loads([l for l in open(f) if l.startswith("{")][-1])["throughput"] for f in sys.argv[1:]]
print(f"throughput: batched {rate[0]:.1f} requests/s, one at a time {rate[1]:.1f} requests/s: {rate[0] / rate[1]:.2f}x")
PY
echo "logs and reports: $out"
