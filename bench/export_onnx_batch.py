#!/usr/bin/python3
"""Writes the batch-inference models that ONNX Runtime runs for bench/compare.sh, exported from
PyTorch 1.13 (Debian python3-torch; torch.onnx.export needs no other Python package):
    export_onnx_batch.py OUTDIR [WORKLOAD...]       (default workloads: infer_gru_batch)

For each workload, one recurrent layer (input 128, hidden 256, batch-first) built after
torch.manual_seed(0), as torch_reference.py's infer_batch builds it, and one random batch
x [256, 128, 128]:
  OUTDIR/WORKLOAD.onnx    the layer's forward, x -> y (fixed shapes, ONNX opset 14)
  OUTDIR/WORKLOAD.x.f32   x as raw little-endian float32
  OUTDIR/WORKLOAD.y.f32   PyTorch's output y [256, 128, 256] for x, raw little-endian float32
  OUTDIR/WORKLOAD.json    torch version, opset, seed and shapes
Workloads: infer_gru_batch (nn.GRU), infer_lstm_batch (nn.LSTM)."""
import json, os, sys
import torch, torch.nn as nn

CELLS = {"infer_gru_batch": nn.GRU, "infer_lstm_batch": nn.LSTM}
INPUT, HIDDEN, BATCH, STEPS = 128, 256, 256, 128
OPSET = 14  # ONNX Runtime 1.20 runs it; PyTorch 1.13 writes GRU/LSTM as the ONNX GRU/LSTM operators


class Forward(nn.Module):
    """The layer's output sequence only (the final state is not timed by the workload)."""

    def __init__(self, rnn):
        super().__init__()
        self.rnn = rnn

    def forward(self, x):
        return self.rnn(x)[0]


def export(out, workload):
    torch.manual_seed(0)
    layer = CELLS[workload](INPUT, HIDDEN, 1, batch_first=True).eval()
    x = torch.randn(BATCH, STEPS, INPUT)
    with torch.no_grad():
        y = layer(x)[0]
        torch.onnx.export(Forward(layer), (x,), os.path.join(out, workload + ".onnx"),
                          input_names=["x"], output_names=["y"], opset_version=OPSET)
    x.contiguous().numpy().tofile(os.path.join(out, workload + ".x.f32"))
    y.contiguous().numpy().tofile(os.path.join(out, workload + ".y.f32"))
    with open(os.path.join(out, workload + ".json"), "w") as f:
        json.dump({"workload": workload, "torch": torch.__version__, "opset": OPSET, "seed": 0,
                   "x": list(x.shape), "y": list(y.shape)}, f)
    print("# %s: exported to %s with torch %s, opset %d" % (workload, out, torch.__version__, OPSET),
          file=sys.stderr)


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    out = sys.argv[1]
    names = sys.argv[2:] or ["infer_gru_batch"]
    unknown = [w for w in names if w not in CELLS]
    if unknown:
        sys.exit("unknown workload %s; valid names: %s" % (", ".join(unknown), ", ".join(CELLS)))
    os.makedirs(out, exist_ok=True)
    torch.set_num_threads(1)
    for name in names:
        export(out, name)
