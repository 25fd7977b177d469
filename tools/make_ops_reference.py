#!/usr/bin/python3
"""Writes the PyTorch reference values that rnn4j's sequence-model tensor operations are compared against.

Usage: /usr/bin/python3 tools/make_ops_reference.py [OUT_JSON]
(default OUT_JSON: rnn4j-core/src/test/resources/ops/reference.json; needs PyTorch, e.g. apt-get install
python3-torch).

What it records, per case (all tensors float32):
- op: the operation, and params: its non-tensor arguments (dimensions, indices, masks, targets);
- inputs: the tensors the operation differentiates, drawn from one seeded generator in case order;
- outputs: what the operation returns (a list; the additive-attention case returns two tensors);
- weights: one fixed random tensor per output; the gradients are those of sum_k sum(outputs[k] * weights[k]),
  so every output element counts differently;
- grads: the gradient of that sum for each input.

Masks are lists of 0/1 with a shape; a masked softmax is PyTorch's x.masked_fill(mask == 0, -1e10) followed by
softmax(dim=-1), the convention of the attention encoder-decoder golden cases. Cases include batch 1 and
length 1, a fully masked row, a broadcast (B, 1, S) mask, and cross entropy with every row ignored.

Tensors are stored as hex strings of their IEEE bits, as in tools/make_optim_reference.py.
"""
import json
import os
import sys

import torch
import torch.nn.functional as F

GEN = torch.Generator().manual_seed(20250114)


def randn(*shape):
    return torch.randn(shape, generator=GEN, dtype=torch.float32)


def hex_bits(t):
    t = t.detach().contiguous().reshape(-1)
    return [format(v & 0xFFFFFFFF, '08x') for v in t.view(torch.int32).tolist()]


def encode(t):
    return {"dtype": "F32", "shape": list(t.shape), "bits": hex_bits(t)}


def lengths_mask(lengths, steps):
    return {"shape": [len(lengths), steps],
            "keep": [1 if s < n else 0 for n in lengths for s in range(steps)]}


def torch_mask(mask):
    return torch.tensor(mask["keep"], dtype=torch.bool).reshape(mask["shape"])


def masked(x, mask):
    return x if mask is None else x.masked_fill(torch_mask(mask) == 0, -1e10)


def run(op, params, inputs):
    """The PyTorch computation of each op; returns a list of outputs."""
    p = params
    x = inputs
    if op == "bmm":
        return [torch.bmm(x["a"], x["b"])]
    if op == "softmax":
        return [torch.softmax(masked(x["input"], p["mask"]), dim=-1)]
    if op == "log_softmax":
        return [torch.log_softmax(masked(x["input"], p["mask"]), dim=-1)]
    if op == "cross_entropy":
        weight = None if p["weight"] is None else torch.tensor(p["weight"], dtype=torch.float32)
        return [F.cross_entropy(x["logits"], torch.tensor(p["targets"]), weight=weight,
                                ignore_index=p["ignore_index"], label_smoothing=p["label_smoothing"],
                                reduction=p["reduction"])]
    if op == "cat":
        return [torch.cat([x[f"p{i}"] for i in range(len(x))], dim=p["dim"])]
    if op == "stack":
        return [torch.stack([x[f"p{i}"] for i in range(len(x))], dim=p["dim"])]
    if op == "index_select":
        return [torch.index_select(x["input"], p["dim"], torch.tensor(p["index"]))]
    if op == "narrow":
        return [torch.narrow(x["input"], p["dim"], p["start"], p["length"])]
    if op == "select":
        return [torch.select(x["input"], p["dim"], p["index"])]
    if op == "expand":
        return [x["input"].expand(*p["shape"])]
    if op == "unsqueeze":
        return [x["input"].unsqueeze(p["dim"])]
    if op == "squeeze":
        return [x["input"].squeeze(p["dim"])]
    if op in ("add", "sub", "mul", "div"):
        return [getattr(torch, op)(x["a"], x["b"])]
    if op == "tanh":
        return [torch.tanh(x["input"])]
    if op == "sum_dim":
        return [x["input"].sum(p["dim"])]
    if op == "additive_attention":
        # the Attention module of the seq2seq golden cases, plus the context vector of its decoder step:
        # state (B, Hd), encoder outputs (S, B, 2He), attn = Linear(Hd + 2He, Hd), v = Linear(Hd, 1, bias=False)
        state, enc = x["state"], x["enc"]
        steps = enc.shape[0]
        repeated = state.unsqueeze(1).repeat(1, steps, 1)                             # (B, S, Hd)
        batch_major = enc.permute(1, 0, 2)                                            # (B, S, 2He)
        energy = torch.tanh(F.linear(torch.cat((repeated, batch_major), dim=2), x["attn_weight"], x["attn_bias"]))
        scores = F.linear(energy, x["v_weight"]).squeeze(2).masked_fill(torch_mask(p["mask"]) == 0, -1e10)
        weights = torch.softmax(scores, dim=1)                                        # (B, S)
        context = torch.bmm(weights.unsqueeze(1), batch_major).squeeze(1)             # (B, 2He)
        return [weights, context]
    raise ValueError(op)


def case(name, op, params, **shapes):
    """Draws the inputs (shapes given by keyword, in order), runs op, and records everything."""
    inputs = {k: randn(*s).requires_grad_(True) for k, s in shapes.items()}
    if op == "div":
        with torch.no_grad():
            inputs["b"].add_(torch.sign(inputs["b"]) * 2)  # away from 0
    outputs = run(op, params, inputs)
    weights = [randn(*o.shape) for o in outputs]
    total = sum((o * w).sum() for o, w in zip(outputs, weights))
    total.backward()
    return {
        "name": name,
        "op": op,
        "params": params,
        "inputs": {k: encode(v) for k, v in inputs.items()},
        "outputs": [encode(o) for o in outputs],
        "weights": [encode(w) for w in weights],
        "grads": {k: encode(v.grad if v.grad is not None else torch.zeros_like(v)) for k, v in inputs.items()},
    }


def ce(name, n, c, targets, ignore_index=-100, label_smoothing=0.0, reduction="mean", weight=None):
    params = dict(targets=targets, ignore_index=ignore_index, label_smoothing=label_smoothing,
                  reduction=reduction, weight=weight)
    return case(name, "cross_entropy", params, logits=(n, c))


def cases():
    out = [
        case("bmm", "bmm", {}, a=(3, 4, 5), b=(3, 5, 2)),
        case("bmm_batch1_all_ones", "bmm", {}, a=(1, 1, 3), b=(1, 3, 1)),
        case("bmm_attention_context", "bmm", {}, a=(2, 1, 4), b=(2, 4, 3)),
        case("softmax", "softmax", {"mask": None}, input=(4, 7)),
        case("softmax_length1", "softmax", {"mask": None}, input=(1, 1)),
        case("softmax_masked_lengths", "softmax", {"mask": lengths_mask([5, 2, 1, 0], 5)}, input=(4, 5)),
        case("softmax_mask_broadcast", "softmax",
             {"mask": {"shape": [2, 1, 4], "keep": [1, 1, 0, 0, 1, 1, 1, 0]}}, input=(2, 3, 4)),
        case("log_softmax", "log_softmax", {"mask": None}, input=(3, 6)),
        case("log_softmax_masked_lengths", "log_softmax", {"mask": lengths_mask([4, 1, 0], 4)}, input=(3, 4)),
        ce("cross_entropy_mean_ignore_pad", 6, 5, [3, 0, 1, 4, 0, 2], ignore_index=0),
        ce("cross_entropy_mean_smoothing", 5, 4, [1, -100, 3, 0, 2], label_smoothing=0.1),
        ce("cross_entropy_sum_smoothing", 5, 4, [1, -100, 3, 0, -100], label_smoothing=0.25, reduction="sum"),
        ce("cross_entropy_none_smoothing", 5, 4, [1, -100, 3, 0, 2], label_smoothing=0.1, reduction="none"),
        ce("cross_entropy_weighted_smoothing", 4, 3, [2, 0, 1, 1], ignore_index=1, label_smoothing=0.2,
           weight=[0.5, 2.0, 1.5]),
        ce("cross_entropy_one_row", 1, 4, [2], label_smoothing=0.1),
        ce("cross_entropy_all_ignored_mean", 3, 4, [-100, -100, -100], label_smoothing=0.1),  # NaN, zero gradient
        ce("cross_entropy_all_ignored_sum", 3, 4, [-100, -100, -100], label_smoothing=0.1, reduction="sum"),
        ce("cross_entropy_all_ignored_none", 3, 4, [-100, -100, -100], label_smoothing=0.1, reduction="none"),
        case("cat_dim0", "cat", {"dim": 0}, p0=(2, 3), p1=(1, 3), p2=(3, 3)),
        case("cat_last", "cat", {"dim": -1}, p0=(2, 2, 3), p1=(2, 2, 1)),
        case("cat_middle_length1", "cat", {"dim": 1}, p0=(1, 1, 2), p1=(1, 2, 2)),
        case("stack_dim0", "stack", {"dim": 0}, p0=(2, 3), p1=(2, 3), p2=(2, 3)),
        case("stack_last", "stack", {"dim": -1}, p0=(2, 3), p1=(2, 3)),
        case("stack_one", "stack", {"dim": 1}, p0=(1, 1)),
        case("index_select_steps", "index_select", {"dim": 0, "index": [3, 0, 3]}, input=(4, 2, 3)),
        case("index_select_batch", "index_select", {"dim": 1, "index": [1, 1, 0]}, input=(2, 2, 3)),
        case("narrow", "narrow", {"dim": 1, "start": 1, "length": 2}, input=(2, 4, 3)),
        case("select_time_step", "select", {"dim": 0, "index": 2}, input=(4, 2, 3)),
        case("select_length1", "select", {"dim": 0, "index": 0}, input=(1, 1, 2)),
        case("expand_state_over_steps", "expand", {"shape": [2, 5, 3]}, input=(2, 1, 3)),
        case("expand_new_leading", "expand", {"shape": [4, -1, 3]}, input=(2, 1)),
        case("unsqueeze", "unsqueeze", {"dim": 1}, input=(2, 3)),
        case("squeeze", "squeeze", {"dim": -1}, input=(2, 3, 1)),
        case("add_broadcast_middle", "add", {}, a=(2, 4, 3), b=(2, 1, 3)),
        case("sub_broadcast_both", "sub", {}, a=(2, 1, 3), b=(1, 4, 3)),
        case("mul_broadcast_middle", "mul", {}, a=(2, 4, 3), b=(2, 1, 3)),
        case("div_broadcast_leading", "div", {}, a=(3, 2, 1), b=(2, 4)),
        case("tanh", "tanh", {}, input=(2, 5)),
        case("sum_dim_middle", "sum_dim", {"dim": 1}, input=(2, 4, 3)),
        case("sum_dim_length1", "sum_dim", {"dim": 0}, input=(1, 3)),
        case("additive_attention", "additive_attention", {"mask": lengths_mask([4, 2, 1], 4)},
             state=(3, 5), enc=(4, 3, 6), attn_weight=(5, 11), attn_bias=(5,), v_weight=(1, 5)),
        case("additive_attention_batch1_length1", "additive_attention", {"mask": lengths_mask([1], 1)},
             state=(1, 2), enc=(1, 1, 4), attn_weight=(2, 6), attn_bias=(2,), v_weight=(1, 2)),
    ]
    return out


def main():
    path = sys.argv[1] if len(sys.argv) > 1 else "rnn4j-core/src/test/resources/ops/reference.json"
    torch.set_num_threads(1)
    doc = {"torch_version": torch.__version__, "cases": cases()}
    os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
    with open(path, "w") as f:
        json.dump(doc, f, indent=1)
        f.write("\n")
    print(f"wrote {len(doc['cases'])} cases to {path}")


if __name__ == "__main__":
    main()
