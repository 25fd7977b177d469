#!/usr/bin/python3
"""PyTorch side of the figures that shared/bench/torch_reference.py does not time: matrix-product
GFLOPS (gemm_n256 .. gemm_n2048), infer_gru_batch (infer_lstm_batch with a GRU: the reference's
infer_batch("GRU"), 3 warm-up calls, median of 7) and the scaling sweeps (sweep_seq, sweep_batch),
with the same names, sizes, warm-up and repetitions as `rnn4j bench`. Usage and output as
torch_reference.py:
    torch_extra.py [THREADS] [WORKLOAD...]     (default workloads: gemm)
It reuses torch_reference.timeit and infer_batch, found through $SHARED_BENCH (default ../shared/bench)."""
import json, os, sys
import torch, torch.nn as nn

here = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.environ.get("SHARED_BENCH", os.path.join(here, "..", "..", "shared", "bench")))
from torch_reference import infer_batch, timeit  # noqa: E402  (the reference's workload, warm-up + median)

GEMM_SIZES = [256, 512, 1024, 2048]
SWEEP_SEQ_BATCH, SWEEP_SEQ_LENGTHS = 32, [32, 64, 128, 256, 512, 1024]
SWEEP_BATCH_STEPS, SWEEP_BATCH_SIZES = 128, [1, 2, 4, 8, 16, 32, 64, 128, 256]

def gemm(n):
    a, b, c = torch.randn(n, n), torch.randn(n, n), torch.empty(n, n)
    dt = timeit(lambda: torch.mm(a, b, out=c))
    return 2.0 * n ** 3 / dt / 1e9, "GFLOPS"

def lstm_forward(B, T, per_token, hid=256, emb=128):
    # infer_batch of the reference, warm-up 1 and median of 3 as rnn4j's sweeps
    rnn = nn.LSTM(emb, hid, 1, batch_first=True); x = torch.randn(B, T, emb)
    def run():
        with torch.no_grad(): rnn(x)
    dt = timeit(run, warm=1, reps=3)
    return (B * T / dt, "tokens/s") if per_token else (B / dt, "sequences/s")

def workloads():
    work = {}
    for n in GEMM_SIZES:
        work["gemm_n%d" % n] = [("gemm_n%d" % n, lambda n=n: gemm(n))]
    work["gemm"] = [w for n in GEMM_SIZES for w in work["gemm_n%d" % n]]
    work["infer_gru_batch"] = [("infer_gru_batch", lambda: infer_batch("GRU"))]
    work["sweep_seq"] = [("sweep_seq_T%d" % t, lambda t=t: lstm_forward(SWEEP_SEQ_BATCH, t, True))
                         for t in SWEEP_SEQ_LENGTHS]
    work["sweep_batch"] = [("sweep_batch_B%d" % b, lambda b=b: lstm_forward(b, SWEEP_BATCH_STEPS, False))
                           for b in SWEEP_BATCH_SIZES]
    return work

if __name__ == "__main__":
    threads = int(sys.argv[1]) if len(sys.argv) > 1 else 2
    torch.set_num_threads(threads); torch.manual_seed(0)
    work = workloads()
    only = sys.argv[2:] or ["gemm"]
    unknown = [w for w in only if w not in work]
    if unknown:
        sys.exit("unknown workload %s; valid names: %s" % (", ".join(unknown), ", ".join(work)))
    for group in only:
        for name, fn in work[group]:
            v, unit = fn()
            print(json.dumps({"system": "pytorch-" + torch.__version__, "workload": name, "threads": threads,
                              "unit": unit, "value": round(v, 1)}), flush=True)
