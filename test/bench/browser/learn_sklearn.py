"""scikit-learn on the data learn.bench.ts trains (written with CHECKUP_BENCH_LEARN_DATA=file):
one L2 logistic fit (C=1, lbfgs, standardized features) on every row, the 5 fold fits, and a
1,000-resample stratified bootstrap of the AUC done with numpy, for the figures beside Chromium's.
Usage: /usr/bin/python3 test/bench/browser/learn_sklearn.py file [rows]"""
import sys, time
import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score
from sklearn.model_selection import StratifiedKFold
from sklearn.preprocessing import StandardScaler

path = sys.argv[1]
rows = int(sys.argv[2]) if len(sys.argv) > 2 else 100_000
data = np.fromfile(path, dtype="<f8").reshape(21, rows)
X, y = data[:20].T, data[20].astype(int)

def fit(Xa, ya):
    return LogisticRegression(C=1.0, max_iter=1000).fit(StandardScaler().fit_transform(Xa), ya)

t = time.perf_counter(); fit(X, 1 - y); full = time.perf_counter() - t
t = time.perf_counter()
for train, _ in StratifiedKFold(5, shuffle=True, random_state=1).split(X, y):
    fit(X[train], 1 - y[train])
folds = time.perf_counter() - t
score = X.mean(axis=1)
rng = np.random.default_rng(1)
pos, neg = np.flatnonzero(y == 1), np.flatnonzero(y == 0)
t = time.perf_counter()
for _ in range(1000):
    idx = np.concatenate([rng.choice(pos, pos.size), rng.choice(neg, neg.size)])
    roc_auc_score(y[idx], -score[idx])
boot = time.perf_counter() - t
print(f"scikit-learn {rows:,} x 20: fit all rows {full*1000:.0f} ms, 5 fold fits {folds*1000:.0f} ms, 1,000 bootstrap AUCs {boot*1000:.0f} ms")
