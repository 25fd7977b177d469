#!/usr/bin/python3
"""Writes PyTorch reference cases for sequence models: attention seq2seq, CTC, layer norm and
LSTM projections.

Usage: /usr/bin/python3 tools/make_golden_seq.py OUT_DIR SEED
Needs PyTorch (Debian: apt-get install python3-torch libopenblas0-pthread). Written with SEED 1234.

The file format, the float32/float64 rule and MANIFEST.json are those of make_golden.py, whose
writer and random helpers this script uses. Kinds (the "kind" entry of each case's metadata):

- seq2seq: the encoder-decoder with additive attention of Bahdanau et al. (2015), laid out as in
  the common PyTorch tutorial (the classes Encoder, Attention and Decoder below; the parameter
  names in the files follow from them). Teacher-forced logits and attention weights, the cross
  entropy ignoring padding and its gradients, a few clipped Adam steps, and a greedy decode with
  the initial weights. The last two cases swap in the decoder of Luong et al. (2015) (class
  LuongDecoder: dot or general scores, GRU or LSTM, input feeding), with the metadata entries
  decoder_style, decoder_cell and input_feeding.
- ctc: torch.nn.functional.ctc_loss on log_softmax(logits), and its gradient for the logits.
- layernorm: torch.nn.LayerNorm, output and gradients of sum(out * d_out).
- recurrent with proj_size: nn.LSTM(..., proj_size=P), in the layout of make_golden.py's
  recurrent cases plus the weight_hr_l{k} parameters.

As in make_golden.py, one generator feeds every case in the order of main(), so new cases go at
the end.
"""
import os
import sys

sys.dont_write_bytecode = True  # no __pycache__ next to the scripts when make_golden is imported

import torch
from torch import nn
from torch.nn import functional as F
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence

from make_golden import as_float32_values, randomize_parameters, uniform_like, write_manifest, write_safetensors


def uniform(shape, low, high, gen):
    """A float32 tensor of `shape`, uniform in [low, high), as float64 values."""
    return as_float32_values(uniform_like(torch.empty(shape), low, high, gen))


# ---------------------------------------------------------------------------------------------
# Sequence to sequence with additive attention
# ---------------------------------------------------------------------------------------------

class Encoder(nn.Module):
    """Embedding -> bidirectional GRU over the packed source; the decoder's first state is
    tanh(fc([last forward state; last backward state]))."""

    def __init__(self, vocab, embedding_dim, enc_hidden, dec_hidden):
        super().__init__()
        self.embedding = nn.Embedding(vocab, embedding_dim)
        self.rnn = nn.GRU(embedding_dim, enc_hidden, bidirectional=True)
        self.fc = nn.Linear(enc_hidden * 2, dec_hidden)

    def forward(self, src, src_len):
        # src: (S, B) token ids; src_len: (B,)
        packed = pack_padded_sequence(self.embedding(src), src_len, enforce_sorted=False)
        packed_out, h_n = self.rnn(packed)                       # h_n: (2, B, enc_hidden)
        outputs, _ = pad_packed_sequence(packed_out, total_length=src.shape[0])   # (S, B, 2 enc_hidden)
        first_state = torch.tanh(self.fc(torch.cat((h_n[-2], h_n[-1]), dim=1)))  # (B, dec_hidden)
        return outputs, first_state


class Attention(nn.Module):
    """Scores v(tanh(attn([s; h_j]))) for every source position j; padded positions get -1e10."""

    def __init__(self, enc_hidden, dec_hidden):
        super().__init__()
        self.attn = nn.Linear(enc_hidden * 2 + dec_hidden, dec_hidden)
        self.v = nn.Linear(dec_hidden, 1, bias=False)

    def forward(self, state, enc_outputs, mask):
        # state: (B, dec_hidden); enc_outputs: (S, B, 2 enc_hidden); mask: (B, S), True where real
        source_len = enc_outputs.shape[0]
        repeated_state = state.unsqueeze(1).repeat(1, source_len, 1)        # (B, S, dec_hidden)
        batch_major = enc_outputs.permute(1, 0, 2)                           # (B, S, 2 enc_hidden)
        energy = torch.tanh(self.attn(torch.cat((repeated_state, batch_major), dim=2)))
        scores = self.v(energy).squeeze(2).masked_fill(mask == 0, -1e10)     # (B, S)
        return torch.softmax(scores, dim=1)


class Decoder(nn.Module):
    """One step: a GRU fed [embedding; context], output layer over [output; context; embedding]."""

    def __init__(self, vocab, embedding_dim, enc_hidden, dec_hidden):
        super().__init__()
        # The attribute order fixes the parameter order, and with it the order of the random draws.
        self.attention = Attention(enc_hidden, dec_hidden)
        self.embedding = nn.Embedding(vocab, embedding_dim)
        self.rnn = nn.GRU(enc_hidden * 2 + embedding_dim, dec_hidden)
        self.fc_out = nn.Linear(enc_hidden * 2 + dec_hidden + embedding_dim, vocab)

    def forward(self, token, state, enc_outputs, mask):
        # token: (B,); state: (B, dec_hidden)
        embedded = self.embedding(token).unsqueeze(0)                        # (1, B, emb)
        weights = self.attention(state, enc_outputs, mask)                   # (B, S)
        context = torch.bmm(weights.unsqueeze(1), enc_outputs.permute(1, 0, 2)).permute(1, 0, 2)  # (1, B, 2 enc_hidden)
        output, new_state = self.rnn(torch.cat((embedded, context), dim=2), state.unsqueeze(0))
        logits = self.fc_out(torch.cat((output.squeeze(0), context.squeeze(0), embedded.squeeze(0)), dim=1))
        return logits, new_state.squeeze(0), weights                        # logits: (B, vocab)


class LuongAttention(nn.Module):
    """Luong et al. (2015) scores: "dot" s . h_j, or "general" s . (attn h_j) with
    attn = Linear(2 enc_hidden, dec_hidden, bias=False); padded positions get -1e10."""

    def __init__(self, score, enc_hidden, dec_hidden):
        super().__init__()
        self.score = score
        if score == "general":
            self.attn = nn.Linear(enc_hidden * 2, dec_hidden, bias=False)

    def forward(self, state, enc_outputs, mask):
        keys = enc_outputs.permute(1, 0, 2)                                  # (B, S, 2 enc_hidden)
        if self.score == "general":
            keys = self.attn(keys)                                           # (B, S, dec_hidden)
        scores = torch.bmm(keys, state.unsqueeze(2)).squeeze(2).masked_fill(mask == 0, -1e10)  # (B, S)
        return torch.softmax(scores, dim=1)


class LuongDecoder(nn.Module):
    """One step in Luong et al.'s (2015) layout: the cell (GRU or LSTM) reads the embedding, and with
    input feeding also the previous attentional vector; attention uses the new state h as query;
    attentional = tanh(concat([h; context])); logits = fc_out(attentional). The state is
    (h, c or None, attentional or None)."""

    def __init__(self, vocab, embedding_dim, enc_hidden, dec_hidden, score, cell, input_feeding):
        super().__init__()
        self.cell = cell
        self.input_feeding = input_feeding
        # The attribute order fixes the parameter order, and with it the order of the random draws.
        self.attention = (Attention(enc_hidden, dec_hidden) if score == "additive"
                          else LuongAttention(score, enc_hidden, dec_hidden))
        self.embedding = nn.Embedding(vocab, embedding_dim)
        rnn = nn.LSTM if cell == "LSTM" else nn.GRU
        self.rnn = rnn(embedding_dim + (dec_hidden if input_feeding else 0), dec_hidden)
        self.concat = nn.Linear(dec_hidden + enc_hidden * 2, dec_hidden)
        self.fc_out = nn.Linear(dec_hidden, vocab)

    def first_state(self, hidden):
        """The state before the first step: the encoder's hidden, cell state 0, attentional vector 0."""
        return (hidden, torch.zeros_like(hidden) if self.cell == "LSTM" else None,
                torch.zeros_like(hidden) if self.input_feeding else None)

    def forward(self, token, state, enc_outputs, mask):
        h, c, attentional = state
        embedded = self.embedding(token)                                     # (B, emb)
        x = torch.cat((embedded, attentional), dim=1) if self.input_feeding else embedded
        if self.cell == "LSTM":
            _, (h, c) = self.rnn(x.unsqueeze(0), (h.unsqueeze(0), c.unsqueeze(0)))
            h, c = h.squeeze(0), c.squeeze(0)
        else:
            _, h = self.rnn(x.unsqueeze(0), h.unsqueeze(0))
            h = h.squeeze(0)
        weights = self.attention(h, enc_outputs, mask)                       # (B, S)
        context = torch.bmm(weights.unsqueeze(1), enc_outputs.permute(1, 0, 2)).squeeze(1)  # (B, 2 enc_hidden)
        attentional = torch.tanh(self.concat(torch.cat((h, context), dim=1)))
        return self.fc_out(attentional), (h, c, attentional if self.input_feeding else None), weights


def random_token_batch(gen, src_vocab, trg_vocab, batch, src_max, trg_len_max, pad, sos, eos):
    """Source and target ids, time-major and padded. Row 0 has the full lengths. Each source is
    random tokens then <eos>; each target is <sos>, random tokens, <eos>. Ids 0-2 are special."""
    src_len = torch.randint(2, src_max + 1, (batch,), generator=gen)
    src_len[0] = src_max
    trg_len = torch.randint(3, trg_len_max + 1, (batch,), generator=gen)
    trg_len[0] = trg_len_max
    src = torch.full((src_max, batch), pad, dtype=torch.long)
    trg = torch.full((trg_len_max, batch), pad, dtype=torch.long)
    for b in range(batch):
        length = int(src_len[b])
        src[:length - 1, b] = torch.randint(3, src_vocab, (length - 1,), generator=gen)
        src[length - 1, b] = eos
        length = int(trg_len[b])
        trg[0, b] = sos
        trg[1:length - 1, b] = torch.randint(3, trg_vocab, (length - 2,), generator=gen)
        trg[length - 1, b] = eos
    return src, src_len, trg


def seq2seq_case(case_name, gen, src_vocab, trg_vocab, embedding_dim, enc_hidden, dec_hidden, batch, src_max, trg_len,
                 pad=0, sos=1, eos=2, adam_steps=3, learning_rate=0.01, clip_grad_norm=1.0, greedy_steps=6,
                 luong=None):
    """The Bahdanau model, or with luong=(score, cell, input_feeding) the LuongDecoder."""
    decoder = (Decoder(trg_vocab, embedding_dim, enc_hidden, dec_hidden) if luong is None
               else LuongDecoder(trg_vocab, embedding_dim, enc_hidden, dec_hidden, *luong))
    modules = {"encoder": Encoder(src_vocab, embedding_dim, enc_hidden, dec_hidden), "decoder": decoder}
    for module in modules.values():
        randomize_parameters(module, gen)
        module.double()
    encoder = modules["encoder"]
    first_state = (lambda hidden: hidden) if luong is None else decoder.first_state
    src, src_len, trg = random_token_batch(gen, src_vocab, trg_vocab, batch, src_max, trg_len, pad, sos, eos)
    mask = (src != pad).permute(1, 0)                                        # (B, S)

    def forward():
        """Teacher forcing: the decoder input at step t is trg[t - 1]."""
        enc_outputs, hidden = encoder(src, src_len)
        state = first_state(hidden)
        step_logits, step_weights = [], []
        for t in range(1, trg_len):
            logits, state, weights = decoder(trg[t - 1], state, enc_outputs, mask)
            step_logits.append(logits)
            step_weights.append(weights)
        logits = torch.stack(step_logits)                                    # (T-1, B, V)
        loss = F.cross_entropy(logits.reshape(-1, trg_vocab), trg[1:].reshape(-1), ignore_index=pad)
        return logits, torch.stack(step_weights, dim=1), loss               # weights: (B, T-1, S)

    def named_parameters():
        for module_name, module in modules.items():
            for name, parameter in module.named_parameters():
                yield f"{module_name}.{name}", parameter

    # The insertion order below is the order of the tensors in the file.
    tensors = {"init." + name: parameter.detach().clone() for name, parameter in named_parameters()}

    # Greedy decoding with the initial weights: argmax from <sos>, greedy_steps tokens, no stop at <eos>.
    with torch.no_grad():
        enc_outputs, hidden = encoder(src, src_len)
        state = first_state(hidden)
        token = torch.full((batch,), sos, dtype=torch.long)
        decoded = []
        for _ in range(greedy_steps):
            logits, state, _ = decoder(token, state, enc_outputs, mask)
            token = logits.argmax(1)
            decoded.append(token)
        tensors["greedy"] = torch.stack(decoded, dim=1).double()             # (B, greedy_steps)

    parameters = [parameter for _, parameter in named_parameters()]
    optimizer = torch.optim.Adam(parameters, lr=learning_rate)
    logits, weights, loss = forward()
    loss.backward()
    tensors["logits"] = logits.detach()
    tensors["attention"] = weights.detach()
    tensors["loss"] = loss.detach().reshape(1)
    for name, parameter in named_parameters():
        tensors["grad." + name] = parameter.grad.detach().clone()

    # Training steps as in make_golden.py's classifier cases; the first reuses the pass above.
    losses = []
    for step in range(adam_steps):
        if step > 0:
            optimizer.zero_grad()
            _, _, loss = forward()
            loss.backward()
        losses.append(loss.item())
        nn.utils.clip_grad_norm_(parameters, clip_grad_norm)
        optimizer.step()
    for name, parameter in named_parameters():
        tensors["after_adam." + name] = parameter.detach()
    tensors.update({"src": src.double(), "src_len": src_len.double(), "trg": trg.double(),
                    "adam_losses": torch.tensor(losses)})

    metadata = dict(kind="seq2seq", attention="additive (Bahdanau)", src_vocab=src_vocab, trg_vocab=trg_vocab,
                    embedding_dim=embedding_dim, enc_hidden=enc_hidden, dec_hidden=dec_hidden, batch=batch,
                    src_len_max=src_max, trg_len=trg_len, pad=pad, sos=sos, eos=eos, teacher_forcing=1.0,
                    greedy_steps=greedy_steps,
                    loss=f"cross_entropy(ignore_index={pad}) over trg[1:], mean over non-pad tokens",
                    optimizer=f"Adam(lr={learning_rate}, betas=(0.9,0.999), eps=1e-8)",
                    clip_grad_norm=clip_grad_norm, adam_steps=adam_steps,
                    note="src (S,B) and trg (T,B) are time-major token ids (as floats), padded with pad; "
                         "src_len per row; the encoder runs on pack_padded_sequence(enforce_sorted=False); "
                         "decoder input at step t is trg[t-1] (teacher forcing); masked source positions get "
                         "score -1e10 before the softmax; logits (T-1,B,trg_vocab); attention (B,T-1,S); "
                         "greedy (B,greedy_steps): argmax decode from <sos> with the init weights, no stopping "
                         "at <eos>; module layout and parameter names in make_golden_seq.py "
                         "(Encoder, Attention, Decoder)")
    if luong is not None:
        score, cell, input_feeding = luong
        metadata.update(attention=f"{score} (Luong)", decoder_style="luong", decoder_cell=cell,
                        input_feeding=input_feeding,
                        note=metadata["note"].replace("(Encoder, Attention, Decoder)",
                                                      "(Encoder, LuongAttention or Attention, LuongDecoder)"))
    return case_name, tensors, metadata


# ---------------------------------------------------------------------------------------------
# CTC, layer norm, LSTM with projections
# ---------------------------------------------------------------------------------------------

def ctc_case(name, gen, steps, batch, classes, max_target, reduction, zero_infinity=False, blank=0,
             impossible=False):
    """Row 0 uses all `steps` inputs and a full-length target. With `impossible`, the last row's
    target is longer than its 2 inputs, so its loss is infinite (0 with zero_infinity)."""
    logits = uniform((steps, batch, classes), -2, 2, gen).requires_grad_()  # (T, B, C)
    input_lengths = torch.randint(max(1, steps // 2), steps + 1, (batch,), generator=gen)
    input_lengths[0] = steps
    target_lengths = torch.randint(1, max_target + 1, (batch,), generator=gen)
    target_lengths[0] = max_target
    if impossible:
        input_lengths[-1] = 2
        target_lengths[-1] = max_target
    targets = torch.randint(1, classes, (batch, max_target), generator=gen)  # never the blank
    loss = F.ctc_loss(F.log_softmax(logits, dim=2), targets, input_lengths, target_lengths, blank=blank,
                      reduction=reduction, zero_infinity=zero_infinity)
    (loss.sum() if reduction == "none" else loss).backward()
    tensors = {"logits": logits, "targets": targets.double(), "input_lengths": input_lengths.double(),
               "target_lengths": target_lengths.double(), "loss": loss.detach().reshape(-1),
               "grad.logits": logits.grad}
    metadata = dict(kind="ctc", T=steps, batch=batch, classes=classes, max_target=max_target, blank=blank,
                    reduction=reduction, zero_infinity=zero_infinity,
                    note="loss = ctc_loss(log_softmax(logits, dim=2), targets, input_lengths, target_lengths); "
                         "logits (T,B,C); targets (B,S) padded; grad.logits = d(sum of loss)/d logits")
    return name, tensors, metadata


def layernorm_case(name, gen, shape, normalized_shape, affine=True):
    norm = nn.LayerNorm(normalized_shape, elementwise_affine=affine)
    randomize_parameters(norm, gen, bound=1.0)  # no parameters, no draws, when not affine
    norm.double()
    x = uniform(shape, -3, 3, gen).requires_grad_()
    out = norm(x)
    d_out = as_float32_values(uniform_like(out, -1, 1, gen))
    (out * d_out).sum().backward()
    tensors = {"x": x, "out": out, "d_out": d_out, "grad.x": x.grad}
    for parameter_name, parameter in norm.named_parameters():
        tensors[parameter_name] = parameter
        tensors["grad." + parameter_name] = parameter.grad
    metadata = dict(kind="layernorm", shape=list(shape), normalized_shape=list(normalized_shape), eps=norm.eps,
                    affine=affine, loss="sum(out*d_out)")
    return name, tensors, metadata


def lstm_projection_case(name, gen, input_size, hidden_size, proj_size, num_layers, bidirectional, batch, seq_len,
                         lengths=None):
    """Time-major nn.LSTM with proj_size; always with an initial state."""
    lstm = nn.LSTM(input_size, hidden_size, num_layers, bidirectional=bidirectional, proj_size=proj_size)
    randomize_parameters(lstm, gen)
    lstm.double()
    directions = 2 if bidirectional else 1
    x = uniform((seq_len, batch, input_size), -1, 1, gen).requires_grad_()                    # (T, B, I)
    h_0 = uniform((num_layers * directions, batch, proj_size), -1, 1, gen).requires_grad_()   # P features
    c_0 = uniform((num_layers * directions, batch, hidden_size), -1, 1, gen).requires_grad_() # H features
    if lengths is None:
        out, (h_n, c_n) = lstm(x, (h_0, c_0))
    else:
        packed_out, (h_n, c_n) = lstm(pack_padded_sequence(x, torch.tensor(lengths), enforce_sorted=False),
                                      (h_0, c_0))
        out, _ = pad_packed_sequence(packed_out, total_length=seq_len)
    d_out = as_float32_values(uniform_like(out, -1, 1, gen))
    if lengths is not None:
        # Padded positions of `out` carry no upstream gradient.
        valid = torch.zeros(seq_len, batch, 1, dtype=torch.double)
        for b, length in enumerate(lengths):
            valid[:length, b] = 1
        d_out = d_out * valid
    d_h_n = as_float32_values(uniform_like(h_n, -1, 1, gen))
    d_c_n = as_float32_values(uniform_like(c_n, -1, 1, gen))
    ((out * d_out).sum() + (h_n * d_h_n).sum() + (c_n * d_c_n).sum()).backward()

    tensors = {}
    for parameter_name, parameter in lstm.named_parameters():
        tensors[parameter_name] = parameter
        tensors["grad." + parameter_name] = parameter.grad
    tensors.update({"x": x, "h_0": h_0, "c_0": c_0, "out": out, "h_n": h_n, "c_n": c_n, "d_out": d_out,
                    "d_h_n": d_h_n, "d_c_n": d_c_n, "grad.x": x.grad, "grad.h_0": h_0.grad, "grad.c_0": c_0.grad})
    if lengths is not None:
        tensors["lengths"] = torch.tensor(lengths, dtype=torch.float32)
    metadata = dict(kind="recurrent", cell="LSTM", input_size=input_size, hidden_size=hidden_size,
                    proj_size=proj_size, num_layers=num_layers, bidirectional=bidirectional, batch=batch,
                    seq_len=seq_len, batch_first=False, bias=True, nonlinearity="", packed=lengths is not None,
                    with_initial_state=True, loss="sum(out*d_out)+sum(h_n*d_h_n)+sum(c_n*d_c_n)",
                    note="h_t = W_hr (o_t * tanh(c_t)); h_0/h_n/out have proj_size features, c_0/c_n hidden_size")
    return name, tensors, metadata


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: make_golden_seq.py OUT_DIR SEED")
    out_dir, seed = sys.argv[1], int(sys.argv[2])
    os.makedirs(out_dir, exist_ok=True)
    torch.manual_seed(seed)  # the default initialisation of the modules (overwritten, but deterministic)
    gen = torch.Generator().manual_seed(seed)
    # Generation order: each case continues the generator where the previous one left it.
    cases = [
        seq2seq_case("seq2seq_attn_small", gen, src_vocab=13, trg_vocab=11, embedding_dim=6, enc_hidden=5,
                     dec_hidden=7, batch=3, src_max=5, trg_len=6),
        seq2seq_case("seq2seq_attn_batch", gen, src_vocab=31, trg_vocab=29, embedding_dim=8, enc_hidden=9,
                     dec_hidden=10, batch=6, src_max=9, trg_len=8),
        ctc_case("ctc_mean", gen, steps=12, batch=3, classes=6, max_target=4, reduction="mean"),
        ctc_case("ctc_sum_repeats", gen, steps=15, batch=4, classes=3, max_target=6, reduction="sum"),
        ctc_case("ctc_none_zero_infinity", gen, steps=10, batch=3, classes=5, max_target=4, reduction="none",
                 zero_infinity=True, impossible=True),
        layernorm_case("layernorm_affine", gen, (3, 4, 7), (7,)),
        layernorm_case("layernorm_plain", gen, (5, 6), (6,), affine=False),
        lstm_projection_case("lstm_proj", gen, input_size=5, hidden_size=8, proj_size=3, num_layers=1,
                             bidirectional=False, batch=3, seq_len=6),
        lstm_projection_case("lstm_proj_bidir_2layer_packed", gen, input_size=4, hidden_size=7, proj_size=5,
                             num_layers=2, bidirectional=True, batch=3, seq_len=5, lengths=[5, 2, 4]),
        seq2seq_case("seq2seq_luong_dot_lstm_feeding", gen, src_vocab=12, trg_vocab=10, embedding_dim=5,
                     enc_hidden=3, dec_hidden=6, batch=4, src_max=6, trg_len=7, luong=("dot", "LSTM", True)),
        seq2seq_case("seq2seq_luong_general_gru", gen, src_vocab=11, trg_vocab=9, embedding_dim=4, enc_hidden=4,
                     dec_hidden=5, batch=3, src_max=5, trg_len=5, luong=("general", "GRU", False)),
    ]
    for name, tensors, metadata in cases:
        write_safetensors(os.path.join(out_dir, name + ".safetensors"), tensors, metadata)
    write_manifest(out_dir, seed, cases)
    print(len(cases), "cases written to", out_dir)


if __name__ == "__main__":
    main()
