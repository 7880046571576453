#!/usr/bin/env python3
"""Print Reuters-21578 pairs compactly for hand judging.

    python3 scripts/show-reuters-pairs.py PAIRS.tsv [--from N] [--count K] [--shared ../shared]

PAIRS.tsv has columns a and b (and optionally J, C). For each pair: ids, dates, headlines, body
lengths, then for similar bodies the opening of the first and a word diff (what only one has,
with a little context); for dissimilar bodies the opening of each. Nothing here says what dedupe
thinks of the pair.
"""
import argparse, csv, difflib, json, os, re, textwrap


def body_of(rec):
    text, title = rec["text"], rec["title"]
    if title and text.startswith(title + "\n\n"):
        return text[len(title) + 2:]
    return text


def words(s):
    return s.split()


def diff(wa, wb, ctx=3, limit=800):
    out = []
    sm = difflib.SequenceMatcher(None, wa, wb, autojunk=False)
    for op, i1, i2, j1, j2 in sm.get_opcodes():
        if op == "equal":
            continue
        left = " ".join(wa[max(0, i1 - ctx):i1])
        right = " ".join(wa[i2:i2 + ctx])
        a_part = " ".join(wa[i1:i2])
        b_part = " ".join(wb[j1:j2])
        if len(a_part) > 160:
            a_part = a_part[:160] + " ..."
        if len(b_part) > 160:
            b_part = b_part[:160] + " ..."
        out.append(f"  @{i1}: {left} [-{a_part}-] {{+{b_part}+}} {right}")
    text = "\n".join(out)
    return text if len(text) <= limit else text[:limit] + "\n  ... (diff cut)"


def main():
    ap = argparse.ArgumentParser()
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    ap.add_argument("pairs")
    ap.add_argument("--shared", default=os.path.join(root, "..", "shared"))
    ap.add_argument("--from", dest="start", type=int, default=0)
    ap.add_argument("--count", type=int, default=20)
    a = ap.parse_args()
    with open(a.pairs, encoding="utf-8") as f:
        rows = list(csv.DictReader(f, delimiter="\t"))[a.start:a.start + a.count]
    need = {r["a"] for r in rows} | {r["b"] for r in rows}
    recs = {}
    with open(os.path.join(a.shared, "data", "reuters", "reuters21578.jsonl"), encoding="utf-8") as f:
        for line in f:
            r = json.loads(line)
            if r["id"] in need:
                recs[r["id"]] = r
    for k, row in enumerate(rows, a.start):
        ra, rb = recs[row["a"]], recs[row["b"]]
        ba, bb = body_of(ra), body_of(rb)
        wa, wb = words(ba), words(bb)
        print(f"=== #{k} {row['a']} | {row['b']}  J {row.get('J', '?')} C {row.get('C', '?')} {row.get('bin', '')}")
        print(f"  A {ra['date'][:17]} ({len(wa)}w) {ra['title']}")
        print(f"  B {rb['date'][:17]} ({len(wb)}w) {rb['title']}")
        if ba == bb:
            print("  IDENTICAL BODIES: " + " ".join(wa[:45]))
            continue
        sim = difflib.SequenceMatcher(None, wa, wb, autojunk=False).ratio()
        if sim >= 0.5:
            print("  A: " + " ".join(wa[:45]))
            print(diff(wa, wb))
        else:
            print("  A: " + " ".join(wa[:70]))
            print("  B: " + " ".join(wb[:70]))


if __name__ == "__main__":
    main()
