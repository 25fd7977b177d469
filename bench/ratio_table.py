#!/usr/bin/python3
"""Prints the Markdown tables of BENCHMARKS.md from JSON lines files (one result per line, as
torch_reference.py, torch_extra.py and `rnn4j bench` print them).
    ratio_table.py --torch LABEL=FILE [--torch LABEL=FILE ...] --rnn4j LABEL=FILE [--rnn4j LABEL=FILE ...]
PyTorch is taken at its best: for each workload the highest value over all --torch files.
A file may hold several rounds (compare.sh --rounds); the best line per workload counts, on both sides.
Each --rnn4j file becomes one column; the first one is the one the ratios use.
Ratio = rnn4j / PyTorch (all units are throughputs, so higher means rnn4j is faster)."""
import argparse, json, sys

TARGETS = {  # rnn4j / PyTorch at its best (BENCHMARKS.md)
    "train_lstm_classifier": 1.5, "train_gru_classifier": 1.5, "train_lstm_charlm": 1.5,
    "infer_lstm_batch": 1.5, "infer_lstm_stream": 5.0, "infer_gru_stream": 5.0, "gemm_n1024": 0.70,
    "train_seq2seq_attention": 1.5, "translate_greedy": 3.0, "generate_charlm": 5.0,
}

def load(spec):
    if "=" not in spec:
        sys.exit("expected LABEL=FILE, got " + spec)
    label, path = spec.rsplit("=", 1)  # labels may hold "=" (env settings), paths do not
    rows = {}
    with open(path) as f:
        for n, line in enumerate(f, 1):
            line = line.strip()
            if not line.startswith("{"):
                continue
            try:
                r = json.loads(line)
            except ValueError as e:
                sys.exit("%s:%d: not a JSON line (%s)" % (path, n, e))
            old = rows.get(r["workload"])
            if old is None or r["value"] > old["value"]:  # several rounds: keep the best
                rows[r["workload"]] = r
    return label, rows

def fmt(v):
    return "{:,.1f}".format(v) if v < 100 else "{:,.0f}".format(v)

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--torch", action="append", required=True)
    ap.add_argument("--rnn4j", action="append", required=True)
    a = ap.parse_args()
    torch = [load(s) for s in a.torch]
    ours = [load(s) for s in a.rnn4j]
    names = []
    for _, rows in torch + ours:
        names += [w for w in rows if w not in names]
    main_label = ours[0][0]

    def best_torch(w):
        cands = [(rows[w]["value"], label) for label, rows in torch if w in rows]
        return max(cands) if cands else (None, None)

    def table(selected, gemm):
        head = ["workload", "unit", "PyTorch best", "PyTorch setting"] + ["rnn4j " + l for l, _ in ours]
        head += ["rnn4j ÷ PyTorch" if not gemm else "% of PyTorch", "target", "met"]
        print("| " + " | ".join(head) + " |")
        print("|" + "---|" * len(head))
        for w in selected:
            tv, tl = best_torch(w)
            cells = [w, next(rows[w]["unit"] for _, rows in torch + ours if w in rows),
                     fmt(tv) if tv else "–", tl or "–"]
            cells += [fmt(rows[w]["value"]) if w in rows else "–" for _, rows in ours]
            ov = ours[0][1].get(w, {}).get("value")
            target = TARGETS.get(w)
            if tv and ov:
                ratio = ov / tv
                cells.append("%.0f %%" % (100 * ratio) if gemm else "%.2f×" % ratio)
            else:
                ratio = None
                cells.append("–")
            if target is None:
                cells += ["", ""]
            else:
                cells.append(("≥ %.0f %%" % (100 * target)) if gemm else "≥ %.1f×" % target)
                cells.append("–" if ratio is None else ("yes" if ratio >= target else "no"))
            print("| " + " | ".join(cells) + " |")
        print()

    reference = [w for w in names if not w.startswith(("gemm", "sweep"))]
    gemms = [w for w in names if w.startswith("gemm")]
    sweeps = [w for w in names if w.startswith("sweep")]
    if reference:
        table(reference, False)
    if gemms:
        table(gemms, True)
    if sweeps:
        table(sweeps, False)
    # every PyTorch setting, so the choice of "best" can be checked
    print("PyTorch, every setting tried:")
    print()
    print("| workload | " + " | ".join(l for l, _ in torch) + " |")
    print("|---|" + "---|" * len(torch))
    for w in names:
        if any(w in rows for _, rows in torch):
            print("| %s | %s |" % (w, " | ".join(fmt(rows[w]["value"]) if w in rows else "–" for _, rows in torch)))
    print()
    print("(ratios use the rnn4j column '%s')" % main_label)

if __name__ == "__main__":
    main()
