#!/usr/bin/python3
"""scikit-learn's time on the ML benchmark's data, for comparison with test/bench/ml.bench.ts.

The node benchmark writes its seeded synthetic table (100,000 rows x 20 sub-scores + churned) as CSV; this
times LogisticRegression on exactly those rows, with the same model as Checkup's fit: StandardScaler
(population std), L2, C = 1, intercept unpenalized. Run with Debian's python3-sklearn, after the benchmark:

    npx vitest bench --run --project unit test/bench/ml.bench.ts
    /usr/bin/python3 test/bench/sklearn_fit.py [path/to/csv]

It also checks that both solvers agree with each other, and prints the coefficients' largest gap.
"""
import os
import sys
import tempfile
import time

import numpy as np
import sklearn
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold
from sklearn.preprocessing import StandardScaler

path = sys.argv[1] if len(sys.argv) > 1 else os.environ.get(
    "CHECKUP_ML_BENCH_CSV", os.path.join(tempfile.gettempdir(), "checkup-ml-bench-100000x20.csv"))
if not os.path.exists(path):
    sys.exit(f"{path} not found: run `npx vitest bench --run --project unit test/bench/ml.bench.ts` first, which writes it")
data = np.loadtxt(path, delimiter=",", skiprows=1)
X, y = data[:, :-1], data[:, -1].astype(int)
Z = StandardScaler().fit_transform(X)
print(f"scikit-learn {sklearn.__version__}, {X.shape[0]:,} rows x {X.shape[1]} features, {y.mean():.1%} churned")


def timed(fn, repeats):
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t0)
    return out, np.array(times)


fits = {}
for solver in ["lbfgs", "newton-cholesky"]:
    model, t = timed(lambda: LogisticRegression(C=1.0, solver=solver, max_iter=1000).fit(Z, y), 7)
    fits[solver] = model
    print(f"fit {solver:16s} median {np.median(t) * 1000:7.1f} ms  min {t.min() * 1000:7.1f} ms  max {t.max() * 1000:7.1f} ms  iterations {model.n_iter_[0]}")
gap = np.max(np.abs(fits["lbfgs"].coef_ - fits["newton-cholesky"].coef_))
print(f"largest coefficient gap lbfgs vs newton-cholesky: {gap:.2e}")


def cross_validate(solver):
    for train, test in StratifiedKFold(5, shuffle=True, random_state=1).split(X, y):
        scaler = StandardScaler().fit(X[train])
        LogisticRegression(C=1.0, solver=solver, max_iter=1000).fit(scaler.transform(X[train]), y[train])


for solver in ["lbfgs", "newton-cholesky"]:
    _, t = timed(lambda: cross_validate(solver), 3)
    print(f"5-fold CV fits {solver:16s} median {np.median(t) * 1000:7.1f} ms  (fits and scaling only, no bootstrap)")
