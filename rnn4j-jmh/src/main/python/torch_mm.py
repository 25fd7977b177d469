"""PyTorch's matmul GFLOPS at the sizes of SgemmBenchmark, for the GEMM comparison.

Usage (PyTorch at its best on this 2-core machine: OpenBLAS threads inside each product):
    OPENBLAS_NUM_THREADS=2 /usr/bin/python3 rnn4j-jmh/src/main/python/torch_mm.py 1
    OPENBLAS_NUM_THREADS=1 /usr/bin/python3 rnn4j-jmh/src/main/python/torch_mm.py 1
Prints one line per n: the median and the best of 7 timed batches after 3 warm-up products.
"""
import statistics
import sys
import time

import torch

torch.set_num_threads(int(sys.argv[1]) if len(sys.argv) > 1 else 1)
for n in (256, 512, 1024, 2048):
    a = torch.randn(n, n)
    b = torch.randn(n, n)
    reps = max(5, int(2e10 / (2 * n ** 3)))
    for _ in range(3):
        torch.mm(a, b)
    times = []
    for _ in range(7):
        start = time.perf_counter()
        for _ in range(reps):
            torch.mm(a, b)
        times.append((time.perf_counter() - start) / reps)
    median = statistics.median(times)
    best = min(times)
    print(f"torch n={n}: median {2 * n ** 3 / median / 1e9:.1f} GFLOPS ({median * 1e3:.3f} ms), "
          f"best {2 * n ** 3 / best / 1e9:.1f} GFLOPS", flush=True)
