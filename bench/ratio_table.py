#!/usr/bin/python3
"""Prints the Markdown tables of BENCHMARKS.md from JSON lines files (one result per line, as
torch_reference.py, torch_extra.py, `rnn4j bench`, the shared anchors' run.sh and
OrtBatchInference print them).
    ratio_table.py --torch LABEL=FILE [--torch LABEL=FILE ...] --rnn4j LABEL=FILE [--rnn4j LABEL=FILE ...]
                   [--fresh FILE] [--anchors FILE ...]
PyTorch is taken at its best: for each workload the highest value over all --torch files.
A file may hold several rounds (compare.sh --rounds); the best line per workload counts, on both sides.
Each --rnn4j file becomes one column; the first one is the one the ratios use.
--fresh: rnn4j lines each measured in a JVM that ran nothing else first; they become rows of their
own, "<workload> (fresh JVM)", beside the all-workloads-in-one-JVM row.
--anchors: lines of the other engines (libtorch through DJL, ONNX Runtime), told apart by their
"system" and "threads" fields; with them a second table compares rnn4j with the best of every
engine (PyTorch, libtorch, ONNX Runtime). Lines whose value is null (an engine's output check
failed) count for nothing and are listed with their note.
Ratio = rnn4j / other engine (all units are throughputs, so higher means rnn4j is faster).
Batch-inference rows also give GFLOPS: sequences/s times the FLOP of one sequence's matrix
products (FLOP_PER_SEQUENCE)."""
import argparse, json, re, sys

TARGETS = {  # rnn4j / PyTorch at its best (BENCHMARKS.md)
    "train_lstm_classifier": 1.5, "train_gru_classifier": 1.5, "train_lstm_charlm": 1.5,
    "infer_lstm_batch": 1.5, "infer_lstm_stream": 5.0, "infer_gru_stream": 5.0, "gemm_n1024": 0.70,
    "train_seq2seq_attention": 1.5, "translate_greedy": 3.0, "generate_charlm": 5.0,
}

ENGINE_TARGETS = {  # rnn4j / the best other engine (PyTorch 1.13, libtorch 2.7.1, ONNX Runtime)
    "train_lstm_classifier": 2.0, "train_gru_classifier": 2.0, "train_lstm_charlm": 2.0,
    "infer_lstm_batch": 1.25, "infer_gru_batch": 1.25, "infer_lstm_stream": 4.0, "infer_gru_stream": 4.0,
}

# Input 128, hidden 256, length 128: per step, x·W_ihᵀ (I·G·H multiply-adds) and h·W_hhᵀ (H·G·H),
# G = 4 gates (LSTM) or 3 (GRU), 2 FLOP per multiply-add. Biases, the gates' pointwise work and the
# activations are not counted (~15 FLOP per hidden unit and step, under 1 % of the products).
FLOP_PER_SEQUENCE = {
    "infer_lstm_batch": 2 * 128 * 4 * 256 * (128 + 256),  # 100.7 M
    "infer_gru_batch": 2 * 128 * 3 * 256 * (128 + 256),   # 75.5 M
}
FRESH = " (fresh JVM)"

def read_lines(path):
    """Every JSON line of a file (other lines, e.g. logs, are skipped)."""
    out = []
    with open(path) as f:
        for n, line in enumerate(f, 1):
            line = line.strip()
            if not line.startswith("{"):
                continue
            try:
                out.append(json.loads(line))
            except ValueError as e:
                sys.exit("%s:%d: not a JSON line (%s)" % (path, n, e))
    return out

FAILED = []  # lines with a null value, for the list at the end

def best_per_workload(lines, suffix=""):
    rows = {}
    for r in lines:
        if r.get("value") is None:
            FAILED.append(r)
            continue
        w = r["workload"] + suffix
        old = rows.get(w)
        if old is None or r["value"] > old["value"]:  # several rounds: keep the best
            rows[w] = r
    return rows

def load(spec):
    if "=" not in spec:
        sys.exit("expected LABEL=FILE, got " + spec)
    label, path = spec.rsplit("=", 1)  # labels may hold "=" (env settings), paths do not
    return label, best_per_workload(read_lines(path))

def engine_of(system):
    """(engine name, setting) of an anchor's system field, e.g. libtorch-2.7.1-djl-mkldnn-off."""
    m = re.match(r"(libtorch|onnxruntime)-([0-9][0-9.]*)(?:-(.*))?$", system)
    if not m:
        sys.exit("--anchors: unknown system '%s' (expected libtorch-VERSION... or onnxruntime-VERSION)" % system)
    name = {"libtorch": "libtorch", "onnxruntime": "ONNX Runtime"}[m.group(1)]
    return "%s %s" % (name, m.group(2)), m.group(3) or ""

def fmt(v):
    return "{:,.1f}".format(v) if v < 100 else "{:,.0f}".format(v)

def fmt_cell(w, v):
    """A throughput, with GFLOPS for the batch-inference workloads."""
    flop = FLOP_PER_SEQUENCE.get(w[:-len(FRESH)] if w.endswith(FRESH) else w)
    return fmt(v) if flop is None else "%s (%.0f GFLOPS)" % (fmt(v), v * flop / 1e9)

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--torch", action="append", required=True)
    ap.add_argument("--rnn4j", action="append", required=True)
    ap.add_argument("--fresh", help="rnn4j lines, each from a fresh JVM")
    ap.add_argument("--anchors", action="append", default=[], help="libtorch / ONNX Runtime lines")
    a = ap.parse_args()
    torch = [load(s) for s in a.torch]
    ours = [load(s) for s in a.rnn4j]
    if a.fresh:  # the fresh-JVM rows sit in the first rnn4j column, under their own names
        ours[0][1].update(best_per_workload(read_lines(a.fresh), FRESH))
    anchor_lines = [r for path in a.anchors for r in read_lines(path)]
    names = []
    for _, rows in torch + ours:
        for w in rows:
            if w not in names and not w.endswith(FRESH):
                names.append(w)
                if w + FRESH in ours[0][1]:
                    names.append(w + FRESH)
    names += [w for w in ours[0][1] if w not in names]  # fresh-JVM rows with no all-in-one row
    main_label = ours[0][0]

    def base(w):
        return w[:-len(FRESH)] if w.endswith(FRESH) else w

    def best_torch(w):
        cands = [(rows[base(w)]["value"], label) for label, rows in torch if base(w) in rows]
        return max(cands) if cands else (None, None)

    def table(selected, gemm):
        head = ["workload", "unit", "PyTorch best", "PyTorch setting"] + ["rnn4j " + l for l, _ in ours]
        head += ["rnn4j ÷ PyTorch" if not gemm else "% of PyTorch", "target", "met"]
        print("| " + " | ".join(head) + " |")
        print("|" + "---|" * len(head))
        for w in selected:
            tv, tl = best_torch(w)
            cells = [w, next(rows[w]["unit"] for _, rows in torch + ours if w in rows),
                     fmt_cell(w, tv) if tv else "–", tl or "–"]
            cells += [fmt_cell(w, rows[w]["value"]) if w in rows else "–" for _, rows in ours]
            ov = ours[0][1].get(w, {}).get("value")
            target = TARGETS.get(base(w))
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
    if anchor_lines:
        engines_table(names, torch, ours, anchor_lines, base)
    # every PyTorch setting, so the choice of "best" can be checked
    print("PyTorch, every setting tried:")
    print()
    print("| workload | " + " | ".join(l for l, _ in torch) + " |")
    print("|---|" + "---|" * len(torch))
    for w in names:
        if any(w in rows for _, rows in torch):
            print("| %s | %s |" % (w, " | ".join(fmt(rows[w]["value"]) if w in rows else "–" for _, rows in torch)))
    print()
    if anchor_lines:
        settings = {}  # (engine, setting, threads) -> best rows
        for r in anchor_lines:
            engine, setting = engine_of(r["system"])
            settings.setdefault((engine, setting, r["threads"]), []).append(r)
        labels = sorted(settings)
        best = {k: best_per_workload(v) for k, v in settings.items()}
        print("Other engines, every setting tried:")
        print()
        print("| workload | " + " | ".join("%s%s, %d thread%s" % (e, " " + st if st else "", t, "" if t == 1 else "s")
                                          for e, st, t in labels) + " |")
        print("|---|" + "---|" * len(labels))
        for w in names:
            if any(w in best[k] for k in labels):
                print("| %s | %s |" % (w, " | ".join(fmt(best[k][w]["value"]) if w in best[k] else "–" for k in labels)))
        print()
    if FAILED:
        print("Lines without a value (the engine's output check failed; not counted):")
        print()
        for r in FAILED:
            t = r.get("threads")
            print("- %s %s, %s thread%s: %s" % (r["system"], r["workload"], t, "" if t == 1 else "s",
                                               r.get("note", "no note")))
        print()
    print("(ratios use the rnn4j column '%s')" % main_label)
    if any(base(w) in FLOP_PER_SEQUENCE for w in names):
        print("(GFLOPS = sequences/s × FLOP per sequence of the matrix products, 2·T·G·H·(I+H) with T 128, I 128, "
              "H 256, G 4 gates for the LSTM (100.7 MFLOP) and 3 for the GRU (75.5 MFLOP); biases and gate "
              "pointwise work not counted)")

def engines_table(names, torch, ours, anchor_lines, base):
    """rnn4j against the best of every engine: PyTorch (over its settings), libtorch and ONNX
    Runtime (over their systems and thread counts), and the ratio to the best of them."""
    torch_version = next((r["system"].split("-", 1)[1] for _, rows in torch for r in rows.values()), "")
    torch_name = "PyTorch " + torch_version if torch_version else "PyTorch"
    engines = {torch_name: {}}
    for label, rows in torch:
        for w, r in rows.items():
            if w not in engines[torch_name] or r["value"] > engines[torch_name][w][0]:
                engines[torch_name][w] = (r["value"], label)
    for r in anchor_lines:
        if r.get("value") is None:
            continue
        engine, setting = engine_of(r["system"])
        t = r["threads"]
        where = "%s%d thread%s" % (setting + ", " if setting else "", t, "" if t == 1 else "s")
        best = engines.setdefault(engine, {})
        if r["workload"] not in best or r["value"] > best[r["workload"]][0]:
            best[r["workload"]] = (r["value"], where)
    order = [torch_name] + sorted(e for e in engines if e.startswith("libtorch")) + \
        sorted(e for e in engines if e.startswith("ONNX"))
    ref = [w for w in names if not base(w).startswith(("gemm", "sweep"))]
    head = ["workload", "unit"] + order + ["rnn4j", "best other engine", "rnn4j ÷ best other", "target", "met"]
    print("| " + " | ".join(head) + " |")
    print("|" + "---|" * len(head))
    for w in ref:
        b = base(w)
        unit = next((rows[w]["unit"] for _, rows in torch + ours if w in rows), "")
        cells = [w, unit]
        cands = []
        for e in order:
            v = engines[e].get(b)
            cells.append(fmt_cell(b, v[0]) if v else "–")
            if v:
                cands.append((v[0], e, v[1]))
        ov = ours[0][1].get(w, {}).get("value")
        cells.append(fmt_cell(w, ov) if ov else "–")
        top = max(cands) if cands else None
        cells.append("%s (%s)" % (top[1], top[2]) if top else "–")
        ratio = ov / top[0] if top and ov else None
        cells.append("%.2f×" % ratio if ratio else "–")
        target = ENGINE_TARGETS.get(b)
        cells.append("≥ %.2f×" % target if target else "")
        cells.append("" if target is None else ("–" if ratio is None else ("yes" if ratio >= target else "no")))
        print("| " + " | ".join(cells) + " |")
    print()

if __name__ == "__main__":
    main()
