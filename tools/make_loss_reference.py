#!/usr/bin/python3
"""Prints the PyTorch loss values and gradients that LossesPyTorchTest has as literals.

Usage: /usr/bin/python3 tools/make_loss_reference.py
Needs PyTorch (Debian: apt-get install python3-torch libopenblas0-pthread).

The test (rnn4j-core/src/test/java/dev/rnn4j/nn/LossesPyTorchTest.java) holds the same inputs and
the numbers printed here, so a changed case is edited in both places. Everything runs in float64
and is printed with repr (the shortest decimal that reads back to the same double), the form the
Java literals use.
"""
import torch
import torch.nn.functional as F


def float64(values, *shape):
    return torch.tensor(values, dtype=torch.float64).reshape(*shape)


def show(title, loss, gradient=None):
    print(title)
    print("  loss", repr(loss.item()))
    if gradient is not None:
        print("  grad", ", ".join(repr(v) for v in gradient.reshape(-1).tolist()))


def cross_entropy_with_weights_ignore_index_and_label_smoothing():
    # logits: (4, 3); the last row's target is ignore_index, so its gradient row is zero.
    logits = float64([0.5, -1.0, 2.0, 1.5, 0.2, -0.3, -0.7, 0.9, 0.1, 0.0, 0.3, -2.0], 4, 3).requires_grad_()
    weight = float64([1.0, 2.0, 0.5], 3)
    targets = torch.tensor([2, 0, 1, -100])
    loss = F.cross_entropy(logits, targets, weight=weight, ignore_index=-100, label_smoothing=0.1)
    loss.backward()
    show("cross_entropy(weight=[1, 2, 0.5], ignore_index=-100, label_smoothing=0.1, reduction=mean)",
         loss, logits.grad)


def bce_with_logits_and_pos_weight():
    # x, t: (3, 2); pos_weight is per column.
    x = float64([0.3, -1.2, 2.0, 0.1, -0.5, 0.8], 3, 2).requires_grad_()
    t = float64([1, 0, 0, 1, 1, 1], 3, 2)
    loss = F.binary_cross_entropy_with_logits(x, t, pos_weight=float64([3.0, 0.5], 2))
    loss.backward()
    show("binary_cross_entropy_with_logits(pos_weight=[3, 0.5], reduction=mean)", loss, x.grad)


def regression_losses():
    p = float64([0.5, -1.0, 3.0, 0.2], 4)
    q = float64([0.0, 1.0, 1.0, 0.2], 4)
    show("mse_loss", F.mse_loss(p, q))
    show("l1_loss", F.l1_loss(p, q))
    show("huber_loss(delta=1.5)", F.huber_loss(p, q, delta=1.5))


def pinball_loss():
    # input (2, 3, 3): three quantile forecasts per observation; target (2, 3). The element at [1, 2, 0] equals
    # its target (a tie), where torch.maximum splits the gradient: d/df = 0.5 - q.
    q = float64([0.1, 0.5, 0.9], 3)
    f = float64([0.2, 0.5, 1.4, -1.0, 0.3, 0.1, 2.0, 2.5, 2.6,
                 0.0, -0.4, 0.7, 1.1, 1.2, 1.3, 0.25, 0.3, 0.5], 2, 3, 3).requires_grad_()
    y = float64([0.6, -0.2, 2.2, 0.1, 1.0, 0.25], 2, 3).requires_grad_()
    d = y.unsqueeze(-1) - f
    loss = torch.maximum(q * d, (q - 1) * d).mean()
    loss.backward()
    show("pinball_loss(q=[0.1, 0.5, 0.9], reduction=mean), input gradient", loss, f.grad)
    show("pinball_loss, target gradient", loss, y.grad)


def main():
    print("PyTorch", torch.__version__)
    cross_entropy_with_weights_ignore_index_and_label_smoothing()
    bce_with_logits_and_pos_weight()
    regression_losses()
    pinball_loss()


if __name__ == "__main__":
    main()
