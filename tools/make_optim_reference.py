#!/usr/bin/python3
"""Writes the PyTorch reference values that rnn4j's optimiser, clipping and schedule tests compare against.

Usage: /usr/bin/python3 tools/make_optim_reference.py [OUT_JSON]
(default OUT_JSON: rnn4j-core/src/test/resources/optim/reference.json; needs PyTorch, e.g. apt-get install
python3-torch).

What it records
- params: fixed starting parameters, shapes (3, 4), (5,) and (40,); 40 elements take PyTorch's vectorised
  CPU loop for the first 32 and its scalar loop for the tail, the small ones only the scalar loop.
- grads: five gradient sets from a seeded generator (scaled differently per step). At step index 2 the
  second parameter has no gradient (grad None), so every optimiser must skip it there, as PyTorch does.
- optimizers: for each optimiser setting, the parameters after each of the 5 steps.
- clip: clip_grad_norm_ (total norm returned and the clipped gradients) and clip_grad_value_.
- schedules: the learning rate right after construction and after each of 30 step() calls.

Tensors are stored as hex strings of their IEEE bits ("3f800000" for float32 1.0, 16 hex digits for
float64), so the Java side compares against PyTorch's exact values. Learning rates are Python floats
written with repr (exact round trip).
"""
import json
import math
import os
import sys

import torch

SHAPES = [(3, 4), (5,), (40,)]
STEPS = 5
NO_GRAD_STEP, NO_GRAD_PARAM = 2, 1


def hex_bits(t):
    t = t.detach().contiguous().reshape(-1)
    if t.dtype == torch.float32:
        return [format(v & 0xFFFFFFFF, '08x') for v in t.view(torch.int32).tolist()]
    if t.dtype == torch.float64:
        return [format(v & 0xFFFFFFFFFFFFFFFF, '016x') for v in t.view(torch.int64).tolist()]
    raise ValueError(t.dtype)


def encode(t):
    return {"dtype": "F32" if t.dtype == torch.float32 else "F64", "shape": list(t.shape), "bits": hex_bits(t)}


def make_inputs():
    gen = torch.Generator().manual_seed(20240607)
    params = [torch.randn(s, generator=gen, dtype=torch.float32) for s in SHAPES]
    grads = []
    for step in range(STEPS):
        scale = [1.0, 0.05, 3.0, 0.5, 0.01][step]
        step_grads = []
        for i, s in enumerate(SHAPES):
            if step == NO_GRAD_STEP and i == NO_GRAD_PARAM:
                step_grads.append(None)
            else:
                step_grads.append((torch.randn(s, generator=gen, dtype=torch.float32) * scale).float())
        grads.append(step_grads)
    return params, grads


OPTIMIZER_CASES = [
    # name, class name, torch kwargs
    ("sgd_plain", "SGD", dict(lr=0.1)),
    ("sgd_momentum", "SGD", dict(lr=0.05, momentum=0.9)),
    ("sgd_momentum_dampening_wd", "SGD", dict(lr=0.05, momentum=0.9, dampening=0.1, weight_decay=0.01)),
    ("sgd_nesterov_wd", "SGD", dict(lr=0.03, momentum=0.8, nesterov=True, weight_decay=0.001)),
    ("adam_default", "Adam", dict()),
    ("adam_wd", "Adam", dict(lr=0.01, weight_decay=0.1)),
    ("adam_amsgrad", "Adam", dict(lr=0.02, betas=(0.8, 0.99), eps=1e-6, amsgrad=True)),
    ("adamw_default", "AdamW", dict()),
    ("adamw_wd_amsgrad", "AdamW", dict(lr=0.01, weight_decay=0.1, amsgrad=True)),
    ("rmsprop_default", "RMSprop", dict()),
    ("rmsprop_momentum_wd", "RMSprop", dict(lr=0.005, momentum=0.9, weight_decay=0.01)),
    ("rmsprop_centered", "RMSprop", dict(lr=0.01, alpha=0.9, centered=True)),
    ("rmsprop_centered_momentum", "RMSprop", dict(lr=0.002, centered=True, momentum=0.5, eps=1e-6)),
    ("adagrad_default", "Adagrad", dict()),
    ("adagrad_decay_wd_init", "Adagrad", dict(lr=0.05, lr_decay=0.01, weight_decay=0.01,
                                              initial_accumulator_value=0.1, eps=1e-8)),
]
F64_CASES = {"sgd_nesterov_wd", "adam_default", "adam_amsgrad", "adamw_wd_amsgrad", "rmsprop_centered_momentum",
             "adagrad_decay_wd_init"}


def run_optimizer(cls_name, kwargs, params0, grads, dtype):
    params = [p.clone().to(dtype).requires_grad_(True) for p in params0]
    opt = getattr(torch.optim, cls_name)(params, **kwargs)
    after = []
    for step_grads in grads:
        opt.zero_grad(set_to_none=True)
        for p, g in zip(params, step_grads):
            p.grad = None if g is None else g.clone().to(dtype)
        opt.step()
        after.append([encode(p) for p in params])
    return after


def clip_cases(grads0):
    cases = []
    settings = [
        ("norm2_clipped", dict(max_norm=1.0, norm_type=2.0), False),
        ("norm2_not_clipped", dict(max_norm=100.0, norm_type=2.0), False),
        ("norm_inf", dict(max_norm=0.5, norm_type=math.inf), False),
        ("norm1", dict(max_norm=2.0, norm_type=1.0), False),
        ("norm3", dict(max_norm=0.7, norm_type=3.0), False),
        ("norm2_one_grad_missing", dict(max_norm=0.3, norm_type=2.0), True),
    ]
    for name, kw, drop_second in settings:
        grads = [g.clone() for g in grads0]
        if drop_second:
            grads[1] = None
        params = [torch.zeros(g.shape if g is not None else SHAPES[1]).requires_grad_(True) for g in grads0]
        for p, g in zip(params, grads):
            p.grad = g
        total = torch.nn.utils.clip_grad_norm_(params, **kw)
        cases.append({"name": name, "max_norm": kw["max_norm"],
                      "norm_type": "inf" if math.isinf(kw["norm_type"]) else kw["norm_type"],
                      "missing": [1] if drop_second else [],
                      "total_norm": encode(total.reshape(1)),
                      "grads_after": [None if p.grad is None else encode(p.grad) for p in params]})
    grads = [g.clone() for g in grads0]
    params = [torch.zeros(g.shape).requires_grad_(True) for g in grads0]
    for p, g in zip(params, grads):
        p.grad = g
    torch.nn.utils.clip_grad_value_(params, 0.5)
    cases.append({"name": "value_0.5", "clip_value": 0.5, "grads_after": [encode(p.grad) for p in params]})
    return cases


METRICS = [1.0, 0.9, 0.85, 0.86, 0.87, 0.88, 0.849, 0.8499, 0.85, 0.7, 0.71, 0.72, 0.73, 0.74, 0.75,
           0.69, 0.6999, 0.70, 0.71, 0.72, 0.73, 0.5, 0.51, 0.52, 0.53, 0.54, 0.55, 0.56, 0.57, 0.58]


def schedule_cases():
    sched = torch.optim.lr_scheduler
    base = 0.1

    def fresh():
        return torch.optim.SGD([torch.zeros(1, requires_grad=True)], lr=base)

    def cosine(t, t_max, eta_min):
        return eta_min + (base - eta_min) * (1 + math.cos(math.pi * t / t_max)) / 2

    cases = [
        ("step_7_0.5", dict(kind="StepLR", step_size=7, gamma=0.5), lambda o: sched.StepLR(o, 7, gamma=0.5)),
        ("step_3_0.9", dict(kind="StepLR", step_size=3, gamma=0.9), lambda o: sched.StepLR(o, 3, gamma=0.9)),
        ("cosine_10_0.001", dict(kind="CosineAnnealingLR", t_max=10, eta_min=0.001),
         lambda o: sched.CosineAnnealingLR(o, 10, eta_min=0.001)),
        ("cosine_30_0", dict(kind="CosineAnnealingLR", t_max=30, eta_min=0.0),
         lambda o: sched.CosineAnnealingLR(o, 30)),
        ("plateau_min_rel", dict(kind="ReduceLROnPlateau", mode="min", factor=0.5, patience=2, threshold=1e-4,
                                 threshold_mode="rel", cooldown=1, min_lr=0.01),
         lambda o: sched.ReduceLROnPlateau(o, mode="min", factor=0.5, patience=2, cooldown=1, min_lr=0.01)),
        ("plateau_defaults", dict(kind="ReduceLROnPlateau", mode="min", factor=0.1, patience=10, threshold=1e-4,
                                  threshold_mode="rel", cooldown=0, min_lr=0.0),
         lambda o: sched.ReduceLROnPlateau(o)),
        ("plateau_max_abs", dict(kind="ReduceLROnPlateau", mode="max", factor=0.3, patience=1, threshold=0.05,
                                 threshold_mode="abs", cooldown=2, min_lr=0.0),
         lambda o: sched.ReduceLROnPlateau(o, mode="max", factor=0.3, patience=1, threshold=0.05,
                                           threshold_mode="abs", cooldown=2)),
        ("multistep_3_8_8_20_0.5", dict(kind="MultiStepLR", milestones=[3, 8, 8, 20], gamma=0.5),
         lambda o: sched.MultiStepLR(o, [3, 8, 8, 20], gamma=0.5)),
        ("multistep_25_5_0.1", dict(kind="MultiStepLR", milestones=[25, 5], gamma=0.1),
         lambda o: sched.MultiStepLR(o, [25, 5])),
        ("exponential_0.9", dict(kind="ExponentialLR", gamma=0.9), lambda o: sched.ExponentialLR(o, 0.9)),
        ("exponential_0.5", dict(kind="ExponentialLR", gamma=0.5), lambda o: sched.ExponentialLR(o, 0.5)),
        # Per-step cosine: CosineAnnealingLR stepped once per batch over a whole run of 30 steps.
        ("cosine_steps_30_0.0001", dict(kind="CosineAnnealingLR", t_max=30, eta_min=0.0001),
         lambda o: sched.CosineAnnealingLR(o, 30, eta_min=0.0001)),
        # Linear warm-up for W steps (lr = base * (t + 1) / W), then the inner schedule counted from 0.
        ("warmup_5_step_7_0.5", dict(kind="LinearWarmup", warmup_steps=5,
                                     inner=dict(kind="StepLR", step_size=7, gamma=0.5)),
         lambda o: sched.LambdaLR(o, lambda t: (t + 1) / 5 if t < 5 else 0.5 ** ((t - 5) // 7))),
        ("warmup_4_cosine_20_0.001", dict(kind="LinearWarmup", warmup_steps=4,
                                          inner=dict(kind="CosineAnnealingLR", t_max=20, eta_min=0.001)),
         lambda o: sched.LambdaLR(o, lambda t: (t + 1) / 4 if t < 4 else cosine(t - 4, 20, 0.001) / base)),
    ]
    out = []
    for name, config, make in cases:
        opt = fresh()
        s = make(opt)
        lrs = [opt.param_groups[0]["lr"]]
        for t in range(30):
            opt.step()
            if config["kind"] == "ReduceLROnPlateau":
                s.step(METRICS[t])
            else:
                s.step()
            lrs.append(opt.param_groups[0]["lr"])
        out.append({"name": name, "base_lr": base, "config": config, "lrs": [repr(v) for v in lrs]})
    return out


def main():
    out_path = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
        os.path.dirname(os.path.abspath(__file__)), "..", "rnn4j-core", "src", "test", "resources", "optim",
        "reference.json")
    params, grads = make_inputs()
    optimizers = []
    for name, cls_name, kwargs in OPTIMIZER_CASES:
        dtypes = [torch.float32] + ([torch.float64] if name in F64_CASES else [])
        for dtype in dtypes:
            settings = {k: (list(v) if isinstance(v, tuple) else v) for k, v in kwargs.items()}
            optimizers.append({"name": name + ("" if dtype == torch.float32 else "_f64"), "optimizer": cls_name,
                               "dtype": "F32" if dtype == torch.float32 else "F64", "settings": settings,
                               "after_step": run_optimizer(cls_name, kwargs, params, grads, dtype)})
    reference = {
        "torch_version": torch.__version__,
        "no_grad": {"step": NO_GRAD_STEP, "param": NO_GRAD_PARAM},
        "params": [encode(p) for p in params],
        "params_f64": [encode(p.double()) for p in params],
        "grads": [[None if g is None else encode(g) for g in step] for step in grads],
        "optimizers": optimizers,
        "clip": clip_cases(grads[0]),
        "metrics": METRICS,
        "schedules": schedule_cases(),
    }
    os.makedirs(os.path.dirname(os.path.abspath(out_path)), exist_ok=True)
    with open(out_path, "w") as f:
        json.dump(reference, f, indent=1)
        f.write("\n")
    print("wrote", out_path, len(optimizers), "optimizer cases")


if __name__ == "__main__":
    main()
