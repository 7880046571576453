#!/usr/bin/env python3
"""Draw Reuters-21578 story pairs for hand labelling, stratified by similarity.

    python3 scripts/sample-reuters-pairs.py [--shared ../shared] [--seed 19] [--out pairs.tsv]

Similarity is measured as the shared data's README defines it: word 3-gram shingles of the
lowercased \\w+ tokens of each body (the text after the headline), J = Jaccard, C = shared
shingles / the smaller set. Candidate pairs come from an inverted index of shingles held by at
most MAX_POSTING stories (a shingle every template shares, such as "the company said", proposes
nothing but still counts in J and C), so both near-copies and a trimmed copy inside a longer
story are found without comparing every pair.

Each bin gets a quota; within a bin, half the quota goes to pairs whose headlines mark a
recurring template (auctions, Fed operations, dividends, earnings, crop and trade figures) or
a re-send (CORRECTED, RPT, UPDATE), the rest to any pair, so templated look-alikes and real
re-sends are over-represented. Pairs already in labels-dev.tsv are never drawn, and a story
appears in at most two drawn pairs. The output (a, b, bin, J, C, titles) is the list to judge;
the same seed gives the same list.
"""
import argparse, collections, csv, json, random, re, sys, os

MAX_POSTING = 60
MIN_SHARED = 3

BINS = [  # name, J low, J high, quota
    ("0.2-0.5", 0.2, 0.5, 60),
    ("0.5-0.6", 0.5, 0.6, 35),
    ("0.6-0.7", 0.6, 0.7, 35),
    ("0.7-0.8", 0.7, 0.8, 35),
    ("0.8-0.9", 0.8, 0.9, 40),
    ("0.9-1.0", 0.9, 1.01, 45),
]
LOWJ_HIGHC = ("lowJ-highC", 25)   # J < 0.2, C >= 0.5
RANDOM_SAME_DAY = ("same-day", 25)

TEMPLATE = re.compile(
    r"AUCTION|BILL|T-BILL|FED |FEDERAL RESERVE|RESERVES|REPURCHASE|CUSTOMER|MONEY MARKET|"
    r"DIVIDEND|DIV\b|PAYOUT|QTR|QUARTER|NET\b|LOSS|EARNINGS|RESULTS|SHR|"
    r"CROP|WHEAT|CORN|SOYBEAN|SUGAR|COFFEE|COCOA|EXPORT|IMPORT|TRADE|SURPLUS|DEFICIT|"
    r"TENDER|BONUS|BALANCES|MONEY SUPPLY|M-1|M1|CPI|INFLATION|GNP|OUTPUT|STOCKS|PRICE")
RESEND = re.compile(r"CORRECTED|\bRPT\b|REPEAT|UPDATE|\bRESENT\b|\bREVISED\b")


def tokens(body):
    return re.findall(r"\w+", body.lower())


def shingles(body):
    t = tokens(body)
    return {" ".join(t[i:i + 3]) for i in range(len(t) - 2)}


def body_of(rec):
    text, title = rec["text"], rec["title"]
    if title and text.startswith(title + "\n\n"):
        return text[len(title) + 2:]
    return text


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    ap.add_argument("--shared", default=os.path.join(root, "..", "shared"))
    ap.add_argument("--seed", type=int, default=19)
    ap.add_argument("--out", default="-")
    a = ap.parse_args()
    data = os.path.join(a.shared, "data", "reuters")
    rng = random.Random(a.seed)

    recs, sh = [], []
    with open(os.path.join(data, "reuters21578.jsonl"), encoding="utf-8") as f:
        for line in f:
            r = json.loads(line)
            recs.append(r)
            sh.append(shingles(body_of(r)))
    n = len(recs)
    known = set()
    with open(os.path.join(data, "labels-dev.tsv"), encoding="utf-8") as f:
        for row in csv.DictReader(f, delimiter="\t"):
            known.add(frozenset((row["a"], row["b"])))

    postings = collections.defaultdict(list)
    for i, s in enumerate(sh):
        for g in s:
            postings[g].append(i)
    shared = collections.Counter()
    for docs in postings.values():
        if 1 < len(docs) <= MAX_POSTING:
            for x in range(len(docs)):
                dx = docs[x]
                for y in range(x + 1, len(docs)):
                    shared[(dx, docs[y])] += 1

    def measure(i, j):
        si, sj = sh[i], sh[j]
        if not si or not sj:
            return 0.0, 0.0
        inter = len(si & sj)
        return inter / len(si | sj), inter / min(len(si), len(sj))

    pools = {name: [] for name, *_ in BINS}
    pools[LOWJ_HIGHC[0]] = []
    for (i, j), c in shared.items():
        if c < MIN_SHARED:
            continue
        J, C = measure(i, j)
        if J < 0.2:
            # a containment below 20 shingles is noise (a one-line item inside another)
            if C >= 0.5 and min(len(sh[i]), len(sh[j])) >= 20:
                pools[LOWJ_HIGHC[0]].append((i, j, J, C))
            continue
        for name, lo, hi, _ in BINS:
            if lo <= J < hi:
                pools[name].append((i, j, J, C))
                break

    def kind(i, j):
        """The template or re-send marker the headlines carry, or None."""
        t = recs[i]["title"] + " " + recs[j]["title"]
        m = RESEND.search(t) or TEMPLATE.search(t)
        if m:
            return m.group(0).strip()
        return "untitled" if not recs[i]["title"] or not recs[j]["title"] else None

    def round_robin(pool):
        """Templated pairs taken one kind at a time, so no one template fills a bin."""
        groups = collections.defaultdict(list)
        for p in pool:
            k = kind(p[0], p[1])
            if k:
                groups[k].append(p)
        order = sorted(groups)
        rng.shuffle(order)
        out = []
        for r in range(max((len(g) for g in groups.values()), default=0)):
            out.extend(groups[k][r] for k in order if r < len(groups[k]))
        return out

    uses = collections.Counter()
    chosen = []

    def take(pool, k, name):
        got = 0
        for i, j, J, C in pool:
            if got >= k:
                break
            a_id, b_id = recs[i]["id"], recs[j]["id"]
            if frozenset((a_id, b_id)) in known or uses[i] >= 2 or uses[j] >= 2:
                continue
            known.add(frozenset((a_id, b_id)))
            uses[i] += 1; uses[j] += 1
            chosen.append((a_id, b_id, name, J, C, recs[i]["title"], recs[j]["title"]))
            got += 1
        return got

    quotas = [(name, q) for name, _, _, q in BINS] + [LOWJ_HIGHC]
    for name, q in quotas:
        pool = sorted(pools[name])
        rng.shuffle(pool)
        tmpl = round_robin(pool)
        got = take(tmpl, q // 2, name)
        got += take(pool, q - got, name)
        print(f"{name}: {len(pool)} candidates ({len(tmpl)} templated/re-sent), drew {got}", file=sys.stderr)

    by_day = collections.defaultdict(list)
    for i, r in enumerate(recs):
        if sh[i]:
            by_day[r["date"][:11]].append(i)
    days = sorted(d for d, v in by_day.items() if len(v) > 1)
    name, q = RANDOM_SAME_DAY
    got = 0
    while got < q:
        d = rng.choice(days)
        i, j = sorted(rng.sample(by_day[d], 2))
        J, C = measure(i, j)
        if J >= 0.2:
            continue
        got += take([(i, j, J, C)], 1, name)
    print(f"{name}: drew {got}", file=sys.stderr)

    out = sys.stdout if a.out == "-" else open(a.out, "w", encoding="utf-8")
    w = csv.writer(out, delimiter="\t", lineterminator="\n")
    w.writerow(["a", "b", "bin", "J", "C", "title_a", "title_b"])
    for a_id, b_id, name, J, C, ta, tb in chosen:
        w.writerow([a_id, b_id, name, f"{J:.3f}", f"{C:.3f}", ta, tb])


if __name__ == "__main__":
    main()
