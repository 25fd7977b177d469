#!/usr/bin/env bash
# Renders a screenshot of each `rnn4j explain` report (classifier, forecaster, language model,
# translator) with headless Chromium, from tiny models trained here on data the repository ships
# (the movie-review sample, the airline series, the Multi30k sample), so nothing is downloaded.
#
#   tools/report-screenshots.sh [OUT]      # OUT defaults to docs/; writes explain-*.png there
#
# Needs Chromium (Debian: apt-get install chromium). Takes a few minutes on a quiet machine,
# most of it the translator (capped at 3 minutes). The models are small and briefly trained:
# the screenshots show the reports' layout, not good models. Work files go to a temporary folder,
# removed at the end; the reports name their models runs/..., as in the README's commands.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="${1:-$here/docs}"
mkdir -p "$out"
out="$(cd "$out" && pwd)"
res="$here/rnn4j-applications/src/test/resources"
rnn4j="$here/rnn4j"

browser="$(command -v chromium || command -v chromium-browser || true)"
if [ -z "$browser" ]; then
  echo "report-screenshots: Chromium not found; install it (Debian: apt-get install chromium)" >&2
  exit 1
fi
sandbox=()
if [ "$(id -u)" = 0 ]; then # Chromium refuses to run as root with its sandbox
  sandbox=(--no-sandbox)
fi

work="$(mktemp -d -t rnn4j-screenshots.XXXXXX)"
trap 'rm -rf "$work"' EXIT
cd "$work"
mkdir runs

# name, page height in pixels: one screenshot of the page's top
shoot() {
  "$browser" --headless "${sandbox[@]}" --disable-gpu --hide-scrollbars --window-size=1200,"$2" \
    --screenshot="$out/explain-$1.png" "file://$work/runs/$1.html" >/dev/null 2>&1
  echo "wrote $out/explain-$1.png"
}

# classifier: 600 movie-review sentences (windows-1252), one network with the n-gram table
"$rnn4j" classify train --train "$res/text/mr/rt-polarity" --encoding windows-1252 --dev-split 0.1 \
  --out runs/mr --ensemble 1 --epochs 6 --hidden 32 --embedding-dim 32 --seed 1 --quiet
"$rnn4j" explain --model runs/mr --input "a beautiful and moving film ." \
  "the plot is dull and the acting is tedious ." --html runs/classifier.html
shoot classifier 900

# forecaster: the airline series, the forecast after row 132
"$rnn4j" forecast train --csv "$res/series/airline-passengers.csv" --target Passengers --time Month \
  --horizon 12 --test-size 12 --out runs/airline --epochs 30 --ensemble 1 --quiet
"$rnn4j" explain --model runs/airline --csv "$res/series/airline-passengers.csv" --rows 1:132 \
  --html runs/forecast.html
shoot forecast 1400

# language model: the Multi30k English sample, every third line in double quotes
awk 'NR % 3 == 1 { print "\"" $0 "\"" } NR % 3 != 1 { print }' "$res/translation/multi30k/val.en" > lines.txt
"$rnn4j" lm train --text lines.txt --out runs/lm --hidden 64 --embedding-dim 32 --epochs 20 --window 64 \
  --batch-size 8 --lr 0.01 --seed 1 --quiet
"$rnn4j" explain --model runs/lm --input "$(head -c 400 lines.txt)" --html runs/language-model.html
shoot language-model 1600

# translator: the 200 Multi30k sample pairs, German to English
"$rnn4j" translate train --src "$res/translation/multi30k/val.de" --tgt "$res/translation/multi30k/val.en" \
  --dev-src "$res/translation/multi30k/val.de" --dev-tgt "$res/translation/multi30k/val.en" --merges 300 \
  --embedding-dim 48 --encoder-hidden 48 --decoder-hidden 64 --batch-tokens 400 --epochs 40 --lr 0.01 \
  --max-minutes 3 --seed 5 --quiet --out runs/de-en
"$rnn4j" explain --model runs/de-en --input "Ein Hund läuft über die Wiese." \
  "Zwei Männer stehen vor einem Haus." --html runs/translation.html
shoot translation 1600
