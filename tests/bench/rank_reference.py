#!/usr/bin/python3
"""The reference recommender for the rank bench (tests/bench/rank.mjs): arxiv-sanity-lite's recipe.

tf-idf over title + abstract (1-2-grams, sublinear tf, English stop words, accents stripped, its
token pattern), then per draw a LinearSVC(C=0.01, class_weight='balanced') fitted on every paper
with the draw's stars as the positives, and every other paper ranked by its decision function
(as arxiv-sanity-lite's svm_rank does).

Reads JSON on stdin: {"papers": [{"id", "title", "abstract"}], "draws": [[starred ids], ...], "k": 10}.
Writes JSON on stdout: {"sklearn": version, "top": [[the k best unstarred ids], ...]} (one list per
draw, best first; ties by id). Deterministic; no network. Needs Debian's python3-sklearn.
"""
import json
import sys

import numpy as np
import sklearn
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.svm import LinearSVC


def main():
    job = json.load(sys.stdin)
    papers = job["papers"]
    k = job.get("k", 10)
    ids = [p["id"] for p in papers]
    vectorizer = TfidfVectorizer(
        strip_accents="unicode",
        lowercase=True,
        analyzer="word",
        stop_words="english",
        token_pattern=r"(?u)\b[a-zA-Z_][a-zA-Z0-9_]+\b",
        ngram_range=(1, 2),
        norm="l2",
        use_idf=True,
        smooth_idf=True,
        sublinear_tf=True,
    )
    x = vectorizer.fit_transform(" ".join([p["title"], p.get("abstract") or ""]) for p in papers)
    index = {pid: i for i, pid in enumerate(ids)}
    top = []
    for starred in job["draws"]:
        y = np.zeros(len(ids))
        for pid in starred:
            y[index[pid]] = 1
        clf = LinearSVC(C=0.01, class_weight="balanced", max_iter=10000, tol=1e-6)
        clf.fit(x, y)
        scores = clf.decision_function(x)
        chosen = set(starred)
        order = sorted((i for i in range(len(ids)) if ids[i] not in chosen), key=lambda i: (-scores[i], ids[i]))
        top.append([ids[i] for i in order[:k]])
    json.dump({"sklearn": sklearn.__version__, "top": top}, sys.stdout)


if __name__ == "__main__":
    main()
