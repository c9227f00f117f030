#!/usr/bin/env python3
"""Writes random strings with tiktoken's token ids, for Benchmarks' TokenizerCompare.

Strings mix ASCII, the characters the split patterns treat specially (apostrophes, contraction
letters, U+017F, CR/LF, Unicode spaces, marks, title case, digits of other scripts, emoji) and code
points drawn from the whole Unicode range, so they exercise every class of the category table.

usage: fuzz-vs-tiktoken.py OUTPUT [--cases 50000] [--seed 1]
"""
import argparse
import json
import os
import random
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from importlib import import_module

bench = import_module("bench-tiktoken")

SPECIAL = list(" \t\n\r'sStTdDmMlLvVeErR0123456789/.,!?-_=+*#@$%^&()[]{}<>\"\\|`~") + [
    "\r\n", "\u017f", "\u00a0", "\u3000", "\u0301", "\u0308", "\u200d", "\u2028", "\u0085", "\u01c5", "\u00c9",
    "\u00e9", "\u00df", "\u4e2d", "\u0663", "\u216b", "\u00bd", "\U0001F600", "\U0001F44D\U0001F3FD", "\u02b0",
    "\u00aa", "\U00010D50", "\U00010D70", "\u1e9e",
]


def random_char(rng):
    r = rng.random()
    if r < 0.5:
        return rng.choice(SPECIAL)
    if r < 0.75:
        return chr(rng.randint(0x20, 0x7E))
    while True:
        cp = rng.randint(0x80, 0x10FFFF) if r < 0.85 else rng.randint(0x80, 0x3000)
        if not 0xD800 <= cp < 0xE000:
            return chr(cp)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("output")
    parser.add_argument("--cases", type=int, default=50000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    encodings = {name: bench.load_encoding(name) for name in ("cl100k_base", "o200k_base")}
    with open(args.output, "w", encoding="utf-8") as out:
        for _ in range(args.cases):
            text = "".join(random_char(rng) for _ in range(rng.choice([1, 2, 3, 5, 8, 13, 30, 80])))
            row = {"text": text}
            row.update({name: enc.encode_ordinary(text) for name, enc in encodings.items()})
            out.write(json.dumps(row) + "\n")


if __name__ == "__main__":
    main()
