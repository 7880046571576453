#!/usr/bin/env python3
"""The usual datasketch near-duplicate recipe (5-word shingles, MinHash with 128 permutations,
MinHashLSH at threshold 0.5), written for the benchmark from the library's documented design
because the datasketch package cannot be installed here. Not datasketch's code.

  * tokens: lower-cased \\w+ words; shingles: the set of 5-word n-grams joined by spaces (a text
    of 1-4 words is one shingle, so short texts do not all share the empty signature; a text with
    no word at all is left out of the index);
  * MinHash: each shingle's UTF-8 bytes are hashed to 32 bits by the first 4 bytes of SHA-1
    (little-endian); each of 128 permutations is a universal hash ((a*h + b) mod p) & (2^32-1)
    with p = 2^61 - 1 and a, b drawn from a seeded generator; as in datasketch, a*h + b is taken
    in wrapping unsigned 64-bit arithmetic before the mod. A document's value per permutation is
    the minimum over its shingles (all shingles of a document at once, like update_batch);
  * MinHashLSH: b bands of r rows chosen, as datasketch does, to minimise 0.5 * (false positive
    probability mass below the threshold) + 0.5 * (false negative mass above it) over b*r <= 128;
    each band's r values (as bytes) key one hash table;
  * candidates: every pair of documents sharing a bucket in any band (what querying each document
    returns); no verification, as in the recipe; clusters: connected components of the candidates.

Usage: datasketch_recipe.py INPUT.jsonl OUT.json [--text-field text] [--id-field id]
Writes OUT.json in the shape of `dedupe --json` (clusters[].members[].id, every document once)
so the shared scorers read it, and prints one JSON line of counts and stage times. With
BENCH_RUSAGE_FILE set it also writes its own CPU time and peak RSS there on exit (the
benchmark's fallback when /usr/bin/time is missing).
"""
import argparse, atexit, hashlib, json, os, re, struct, sys, time
from collections import defaultdict

try:
    import numpy as np
except ImportError:  # datasketch itself needs numpy; without it there is nothing faithful to time
    print("datasketch_recipe.py: numpy is not installed", file=sys.stderr)
    sys.exit(3)

MERSENNE_PRIME = np.uint64((1 << 61) - 1)
MAX_HASH = np.uint64((1 << 32) - 1)
WORD = re.compile(r"\w+")


def write_rusage():
    """Own CPU time and peak RSS, for the benchmark's fallback measurement."""
    target = os.environ.get("BENCH_RUSAGE_FILE")
    if target:
        import resource
        ru = resource.getrusage(resource.RUSAGE_SELF)
        with open(target, "w") as f:
            json.dump({"user": ru.ru_utime, "system": ru.ru_stime, "maxRssKb": ru.ru_maxrss}, f)


def shingles(text, size=5):
    words = WORD.findall(text.lower())
    if not words:
        return set()
    if len(words) < size:
        return {" ".join(words)}
    return {" ".join(words[i:i + size]) for i in range(len(words) - size + 1)}


def sha1_hash32(data):
    return struct.unpack("<I", hashlib.sha1(data).digest()[:4])[0]


def permutations(num_perm, seed=1):
    """The a and b of each universal hash function."""
    gen = np.random.RandomState(seed)
    a = gen.randint(1, int(MERSENNE_PRIME), size=num_perm, dtype=np.uint64)
    b = gen.randint(0, int(MERSENNE_PRIME), size=num_perm, dtype=np.uint64)
    return a, b


def minhash(shingle_set, a, b):
    hv = np.fromiter((sha1_hash32(s.encode("utf-8")) for s in shingle_set), dtype=np.uint64, count=len(shingle_set))
    with np.errstate(over="ignore"):  # the 64-bit product wraps, as it does in datasketch
        phv = (np.outer(hv, a) + b) % MERSENNE_PRIME & MAX_HASH
    return phv.min(axis=0)


def integrate(f, lo, hi, steps=1000):
    """Composite Simpson's rule (datasketch uses scipy's quad; this is as exact for these smooth curves)."""
    if hi <= lo:
        return 0.0
    xs = np.linspace(lo, hi, steps + 1)
    ys = f(xs)
    h = (hi - lo) / steps
    return float(h / 3 * (ys[0] + ys[-1] + 4 * ys[1:-1:2].sum() + 2 * ys[2:-1:2].sum()))


def optimal_bands(threshold, num_perm, fp_weight=0.5, fn_weight=0.5):
    """The (bands, rows) with the least weighted false positive + false negative probability mass."""
    best, best_error = None, float("inf")
    for bands in range(1, num_perm + 1):
        for rows in range(1, num_perm // bands + 1):
            fp = integrate(lambda s: 1 - (1 - s ** rows) ** bands, 0.0, threshold)
            fn = integrate(lambda s: (1 - s ** rows) ** bands, threshold, 1.0)
            error = fp_weight * fp + fn_weight * fn
            if error < best_error:
                best, best_error = (bands, rows), error
    return best


class UnionFind:
    def __init__(self, n):
        self.parent = list(range(n))

    def find(self, x):
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, x, y):
        x, y = self.find(x), self.find(y)
        if x != y:
            self.parent[max(x, y)] = min(x, y)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("input")
    ap.add_argument("out")
    ap.add_argument("--text-field", default="text")
    ap.add_argument("--id-field", default="id")
    ap.add_argument("--shingle", type=int, default=5)
    ap.add_argument("--permutations", type=int, default=128)
    ap.add_argument("--threshold", type=float, default=0.5)
    args = ap.parse_args()
    atexit.register(write_rusage)
    times = {}
    started = time.perf_counter()

    ids, signatures, indexed = [], [], []
    a, b = permutations(args.permutations)
    with open(args.input, encoding="utf-8") as f:
        for line_no, line in enumerate(f):
            if not line.strip():
                continue
            record = json.loads(line)
            ids.append(str(record.get(args.id_field, line_no + 1)))
            s = shingles(record.get(args.text_field) or "", args.shingle)
            if s:
                signatures.append(minhash(s, a, b))
                indexed.append(len(ids) - 1)
    times["read_and_minhash"] = time.perf_counter() - started

    mark = time.perf_counter()
    bands, rows = optimal_bands(args.threshold, args.permutations)
    tables = [defaultdict(list) for _ in range(bands)]
    for doc, sig in zip(indexed, signatures):
        for band, table in enumerate(tables):
            table[sig[band * rows:(band + 1) * rows].tobytes()].append(doc)
    pairs = set()
    for table in tables:
        for bucket in table.values():
            for i in range(len(bucket)):
                for j in range(i + 1, len(bucket)):
                    pairs.add((bucket[i], bucket[j]))
    times["lsh"] = time.perf_counter() - mark

    mark = time.perf_counter()
    uf = UnionFind(len(ids))
    for x, y in pairs:
        uf.union(x, y)
    groups = defaultdict(list)
    for doc in range(len(ids)):
        groups[uf.find(doc)].append(doc)
    ordered = sorted(groups.values(), key=lambda g: (-len(g), g[0]))
    clusters = [{"id": f"c{n + 1}", "size": len(g), "canonical": ids[g[0]], "members": [{"id": ids[d]} for d in g]} for n, g in enumerate(ordered)]
    duplicate_clusters = sum(1 for g in ordered if len(g) > 1)
    summary = {"documents": len(ids), "indexed": len(indexed), "clusters": len(ordered), "duplicateClusters": duplicate_clusters,
               "duplicates": len(ids) - len(ordered)}
    with open(args.out, "w", encoding="utf-8") as f:
        json.dump({"params": {"shingleSize": args.shingle, "permutations": args.permutations, "threshold": args.threshold, "bands": bands, "rows": rows},
                   "summary": summary, "stats": {"candidatePairs": len(pairs)}, "clusters": clusters}, f)
    times["cluster_and_write"] = time.perf_counter() - mark
    times["total"] = time.perf_counter() - started
    print(json.dumps({**summary, "bands": bands, "rows": rows, "candidatePairs": len(pairs), "seconds": {k: round(v, 3) for k, v in times.items()}}))


if __name__ == "__main__":
    main()
