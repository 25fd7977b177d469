#!/usr/bin/python3
"""Writes the PyTorch reference cases that rnn4j's golden tests compare against.

Usage: /usr/bin/python3 tools/make_golden.py OUT_DIR SEED
The committed cases in rnn4j-core/src/test/resources/golden were written with SEED 1234.
Needs PyTorch (Debian: apt-get install python3-torch libopenblas0-pthread).

Every case is one .safetensors file (all tensors float32) plus an entry in OUT_DIR/MANIFEST.json.
The format and the meaning of every tensor name are described in
rnn4j-core/src/test/resources/golden/README.md. In short:

- recurrent cases: an nn.RNN / nn.LSTM / nn.GRU with its parameters under PyTorch's names, the
  input, the optional initial state, the outputs, the upstream gradients d_out, d_h_n [, d_c_n]
  and the gradients of L = sum(out * d_out) + sum(h_n * d_h_n) [+ sum(c_n * d_c_n)] with respect
  to the input, the initial state and every parameter;
- classifier cases: Embedding -> LSTM/GRU -> Linear on the last step, its first loss and
  gradients, and the parameters after a few clipped Adam steps.

Numbers: every random value is drawn once and rounded to float32, then the model runs in float64.
The float32 values stored in the file are therefore exactly the inputs PyTorch used, and the
outputs are float64 results rounded once, which is the most precise target a float32
implementation can be compared with.

One torch.Generator seeded with SEED feeds every case in the order of CASES below, so changing
one case (or the order of draws inside a case) changes the numbers of every case after it.
"""
import json
import os
import struct
import sys
from typing import NamedTuple, Optional, Tuple

import torch
from torch import nn
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence


# ---------------------------------------------------------------------------------------------
# Output: safetensors and the manifest
# ---------------------------------------------------------------------------------------------

def write_safetensors(path, tensors, metadata):
    """Writes `tensors` (name -> tensor, in this order) as float32 with `metadata` as strings.

    Layout: 8-byte little-endian header length N, N bytes of JSON header (padded with spaces to a
    multiple of 8), then the raw little-endian data of each tensor in header order.
    """
    header = {"__metadata__": {key: str(value) for key, value in metadata.items()}}
    payload = []
    offset = 0
    for name, tensor in tensors.items():
        data = tensor.detach().to(torch.float32).contiguous().numpy().tobytes()
        header[name] = {"dtype": "F32", "shape": list(tensor.shape), "data_offsets": [offset, offset + len(data)]}
        payload.append(data)
        offset += len(data)
    header_bytes = json.dumps(header, separators=(",", ":")).encode()
    header_bytes += b" " * (-len(header_bytes) % 8)
    with open(path, "wb") as out:
        out.write(struct.pack("<Q", len(header_bytes)))
        out.write(header_bytes)
        for data in payload:
            out.write(data)


def write_manifest(out_dir, seed, cases):
    """MANIFEST.json: the generator, the seed and every case's configuration (typed JSON values)."""
    entries = [{"case": name, "file": name + ".safetensors", **metadata} for name, _, metadata in cases]
    manifest = {"generator": f"PyTorch {torch.__version__}, float64 arithmetic, stored as float32",
                "seed": seed, "cases": entries}
    with open(os.path.join(out_dir, "MANIFEST.json"), "w") as out:
        json.dump(manifest, out, indent=1)


# ---------------------------------------------------------------------------------------------
# Random values
# ---------------------------------------------------------------------------------------------

def uniform_like(tensor, low, high, gen):
    """A tensor of tensor's shape and dtype with values uniform in [low, high)."""
    return torch.empty_like(tensor).uniform_(low, high, generator=gen)


def as_float32_values(tensor):
    """Rounds to float32 and back to float64: exact float32 values for float64 arithmetic."""
    return tensor.float().double()


def randomize_parameters(module, gen, bound=0.5):
    """Replaces every parameter (in named_parameters order) with values uniform in [-bound, bound)."""
    with torch.no_grad():
        for parameter in module.parameters():
            parameter.copy_(uniform_like(parameter, -bound, bound, gen))


# ---------------------------------------------------------------------------------------------
# Recurrent cases
# ---------------------------------------------------------------------------------------------

class RecurrentCase(NamedTuple):
    """One nn.RNN / nn.LSTM / nn.GRU configuration (sizes as PyTorch names them)."""
    name: str
    cell: str                      # "RNN", "LSTM" or "GRU"
    input_size: int
    hidden_size: int
    num_layers: int
    bidirectional: bool
    batch: int
    seq_len: int
    batch_first: bool
    bias: bool = True
    nonlinearity: str = "tanh"     # RNN only
    lengths: Optional[Tuple[int, ...]] = None   # when set, the input is packed with these lengths
    with_initial_state: bool = True


def run_recurrent_case(case, gen):
    """Builds the layer, runs forward and backward in float64, returns (name, tensors, metadata)."""
    options = dict(num_layers=case.num_layers, bidirectional=case.bidirectional,
                   batch_first=case.batch_first, bias=case.bias)
    if case.cell == "RNN":
        options["nonlinearity"] = case.nonlinearity
    layer = getattr(nn, case.cell)(case.input_size, case.hidden_size, **options)
    randomize_parameters(layer, gen)  # drawn in float32, so the float64 copy holds float32 values
    layer = layer.double()

    directions = 2 if case.bidirectional else 1
    # x: (B, T, I) when batch_first, else (T, B, I); h_0 and c_0: (layers * directions, B, H).
    x_shape = ((case.batch, case.seq_len, case.input_size) if case.batch_first
               else (case.seq_len, case.batch, case.input_size))
    state_shape = (case.num_layers * directions, case.batch, case.hidden_size)
    x = as_float32_values(uniform_like(torch.empty(x_shape), -1, 1, gen)).requires_grad_()
    # h_0 and c_0 are drawn for every case, also when unused (no initial state, or no cell state),
    # so that every case advances the generator by the same rule.
    h_0 = as_float32_values(uniform_like(torch.empty(state_shape), -1, 1, gen)).requires_grad_()
    c_0 = as_float32_values(uniform_like(torch.empty(state_shape), -1, 1, gen)).requires_grad_()
    is_lstm = case.cell == "LSTM"
    initial_state = None
    if case.with_initial_state:
        initial_state = (h_0, c_0) if is_lstm else h_0

    if case.lengths is None:
        out, final_state = layer(x, initial_state)
    else:
        packed = pack_padded_sequence(x, torch.tensor(case.lengths), batch_first=case.batch_first,
                                      enforce_sorted=False)
        packed_out, final_state = layer(packed, initial_state)
        out, _ = pad_packed_sequence(packed_out, batch_first=case.batch_first, total_length=case.seq_len)
    h_n, c_n = final_state if is_lstm else (final_state, None)

    # Upstream gradients: drawn in float64 (the dtype of the outputs), then rounded to float32.
    d_out = as_float32_values(uniform_like(out, -1, 1, gen))
    if case.lengths is not None:
        # Padded positions of `out` are not outputs of the layer: their upstream gradient is zero.
        steps = torch.arange(case.seq_len)
        valid = steps.unsqueeze(0) < torch.tensor(case.lengths).unsqueeze(1)   # (B, T)
        if not case.batch_first:
            valid = valid.t()                                                   # (T, B)
        d_out = d_out * valid.unsqueeze(-1)
    d_h_n = as_float32_values(uniform_like(h_n, -1, 1, gen))
    loss = (out * d_out).sum() + (h_n * d_h_n).sum()

    # The insertion order below is the order of the tensors in the file.
    tensors = {}
    if c_n is not None:
        d_c_n = as_float32_values(uniform_like(c_n, -1, 1, gen))
        loss = loss + (c_n * d_c_n).sum()
        tensors["d_c_n"] = d_c_n
    loss.backward()

    for name, parameter in layer.named_parameters():
        tensors[name] = parameter
        tensors["grad." + name] = parameter.grad
    tensors.update({"x": x, "out": out, "h_n": h_n, "d_out": d_out, "d_h_n": d_h_n, "grad.x": x.grad})
    if c_n is not None:
        tensors["c_n"] = c_n
    if case.with_initial_state:
        tensors["h_0"] = h_0
        tensors["grad.h_0"] = h_0.grad
        if is_lstm:
            tensors["c_0"] = c_0
            tensors["grad.c_0"] = c_0.grad
    if case.lengths is not None:
        tensors["lengths"] = torch.tensor(case.lengths, dtype=torch.float32)

    loss_text = "sum(out*d_out)+sum(h_n*d_h_n)" + ("+sum(c_n*d_c_n)" if c_n is not None else "")
    metadata = dict(kind="recurrent", cell=case.cell, input_size=case.input_size, hidden_size=case.hidden_size,
                    num_layers=case.num_layers, bidirectional=case.bidirectional, batch=case.batch,
                    seq_len=case.seq_len, batch_first=case.batch_first, bias=case.bias,
                    nonlinearity=case.nonlinearity if case.cell == "RNN" else "",
                    packed=case.lengths is not None, with_initial_state=case.with_initial_state,
                    loss=loss_text)
    return case.name, tensors, metadata


# ---------------------------------------------------------------------------------------------
# Classifier cases
# ---------------------------------------------------------------------------------------------

class ClassifierCase(NamedTuple):
    """Embedding(vocab, E) -> cell(E, H, layers, batch_first) -> Linear(H, output_dim) on the last step."""
    name: str
    cell: str                      # "LSTM" or "GRU"
    vocab: int
    embedding_dim: int
    hidden_size: int
    num_layers: int
    batch: int
    seq_len: int
    output_dim: int                # 1: binary cross entropy with logits; > 1: cross entropy
    adam_steps: int = 3
    clip_grad_norm: float = 1.0
    learning_rate: float = 0.01


def run_classifier_case(case, gen):
    """First loss and gradients, then `adam_steps` training steps; returns (name, tensors, metadata)."""
    modules = {
        "embedding": nn.Embedding(case.vocab, case.embedding_dim),
        "rnn": getattr(nn, case.cell)(case.embedding_dim, case.hidden_size, case.num_layers, batch_first=True),
        "fc": nn.Linear(case.hidden_size, case.output_dim),
    }
    for module in modules.values():
        randomize_parameters(module, gen)
    for module in modules.values():
        module.double()
    embedding, rnn, fc = modules["embedding"], modules["rnn"], modules["fc"]

    tokens = torch.randint(0, case.vocab, (case.batch, case.seq_len), generator=gen)       # (B, T)
    classes = 2 if case.output_dim == 1 else case.output_dim
    labels = torch.randint(0, classes, (case.batch,), generator=gen)                       # (B,)

    def forward():
        """Returns (logits (B, output_dim), mean loss over the batch)."""
        outputs, _ = rnn(embedding(tokens))                 # (B, T, H)
        logits = fc(outputs[:, -1, :])
        if case.output_dim == 1:
            loss = nn.functional.binary_cross_entropy_with_logits(logits.squeeze(1), labels.double())
        else:
            loss = nn.functional.cross_entropy(logits, labels)
        return logits, loss

    def named_parameters():
        for module_name, module in modules.items():
            for name, parameter in module.named_parameters():
                yield f"{module_name}.{name}", parameter

    # The insertion order below is the order of the tensors in the file.
    tensors = {"init." + name: parameter.detach().clone() for name, parameter in named_parameters()}
    parameters = [parameter for _, parameter in named_parameters()]
    optimizer = torch.optim.Adam(parameters, lr=case.learning_rate)

    logits, loss = forward()
    loss.backward()
    tensors["logits"] = logits.detach()
    tensors["loss"] = loss.detach().reshape(1)
    for name, parameter in named_parameters():
        tensors["grad." + name] = parameter.grad.detach().clone()

    # Training steps: forward, backward, clip the gradient norm over all parameters, Adam step.
    # The first step reuses the forward and backward above.
    losses = []
    for step in range(case.adam_steps):
        if step > 0:
            optimizer.zero_grad()
            _, loss = forward()
            loss.backward()
        losses.append(loss.item())
        nn.utils.clip_grad_norm_(parameters, case.clip_grad_norm)
        optimizer.step()
    for name, parameter in named_parameters():
        tensors["after_adam." + name] = parameter.detach()
    tensors["x"] = tokens.double()
    tensors["y"] = labels.double()
    tensors["adam_losses"] = torch.tensor(losses)

    metadata = dict(kind="classifier", cell=case.cell, vocab=case.vocab, embedding_dim=case.embedding_dim,
                    hidden_size=case.hidden_size, num_layers=case.num_layers, batch=case.batch,
                    seq_len=case.seq_len, output_dim=case.output_dim,
                    loss="binary_cross_entropy_with_logits" if case.output_dim == 1 else "cross_entropy",
                    optimizer=f"Adam(lr={case.learning_rate}, betas=(0.9,0.999), eps=1e-8, weight_decay=0)",
                    clip_grad_norm=case.clip_grad_norm, adam_steps=case.adam_steps,
                    note="init.* are the parameters before training; grad.* the gradients of the first loss; "
                         "after_adam.* the parameters after adam_steps steps, each step: forward, backward, "
                         "clip_grad_norm_(all params, clip_grad_norm), Adam step; "
                         "adam_losses the loss before each step")
    return case.name, tensors, metadata


# ---------------------------------------------------------------------------------------------
# The cases, in generation order
# ---------------------------------------------------------------------------------------------

def recurrent_family(cell):
    """The five configurations every cell type gets."""
    prefix = cell.lower()
    return [
        RecurrentCase(f"{prefix}_basic", cell, input_size=5, hidden_size=7, num_layers=1, bidirectional=False,
                      batch=3, seq_len=4, batch_first=False),
        RecurrentCase(f"{prefix}_batch_first_no_h0", cell, input_size=6, hidden_size=8, num_layers=1,
                      bidirectional=False, batch=2, seq_len=5, batch_first=True, with_initial_state=False),
        RecurrentCase(f"{prefix}_2layer_bidir", cell, input_size=4, hidden_size=6, num_layers=2, bidirectional=True,
                      batch=3, seq_len=5, batch_first=False),
        RecurrentCase(f"{prefix}_packed", cell, input_size=3, hidden_size=5, num_layers=1, bidirectional=False,
                      batch=4, seq_len=6, batch_first=True, lengths=(6, 2, 4, 1)),
        RecurrentCase(f"{prefix}_packed_bidir_2layer", cell, input_size=3, hidden_size=4, num_layers=2,
                      bidirectional=True, batch=3, seq_len=5, batch_first=True, lengths=(3, 5, 1)),
    ]


CASES = (
    recurrent_family("RNN") + recurrent_family("LSTM") + recurrent_family("GRU") + [
        RecurrentCase("rnn_relu", "RNN", input_size=4, hidden_size=6, num_layers=2, bidirectional=False,
                      batch=2, seq_len=6, batch_first=True, nonlinearity="relu"),
        RecurrentCase("lstm_no_bias", "LSTM", input_size=4, hidden_size=5, num_layers=1, bidirectional=False,
                      batch=2, seq_len=3, batch_first=False, bias=False),
        # 60 steps: errors that grow with sequence length show here first.
        RecurrentCase("gru_long", "GRU", input_size=3, hidden_size=8, num_layers=1, bidirectional=False,
                      batch=2, seq_len=60, batch_first=True),
        ClassifierCase("sentiment_lstm_bce", "LSTM", vocab=50, embedding_dim=8, hidden_size=10, num_layers=1,
                       batch=4, seq_len=7, output_dim=1),
        ClassifierCase("classifier_gru_ce", "GRU", vocab=40, embedding_dim=6, hidden_size=9, num_layers=2,
                       batch=5, seq_len=6, output_dim=3),
    ]
)


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: make_golden.py OUT_DIR SEED")
    out_dir, seed = sys.argv[1], int(sys.argv[2])
    os.makedirs(out_dir, exist_ok=True)
    torch.manual_seed(seed)  # the default initialisation of the modules (overwritten, but deterministic)
    gen = torch.Generator().manual_seed(seed)
    results = []
    for case in CASES:
        run = run_classifier_case if isinstance(case, ClassifierCase) else run_recurrent_case
        results.append(run(case, gen))
    for name, tensors, metadata in results:
        write_safetensors(os.path.join(out_dir, name + ".safetensors"), tensors, metadata)
    write_manifest(out_dir, seed, results)
    print(len(results), "cases written to", out_dir)


if __name__ == "__main__":
    main()
