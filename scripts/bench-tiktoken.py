#!/usr/bin/env python3
"""Single-thread tiktoken throughput on a NUL-separated corpus (the reference side of
bench-tokenizer.sh). Builds the encodings from the repository's rank files, since tiktoken cannot
download them here.

usage: bench-tiktoken.py CORPUS [--encoding o200k_base] [--repetitions 3]
"""
import argparse
import base64
import gzip
import os
import time

import tiktoken

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
RESOURCES = os.path.join(ROOT, "Sources", "TokenAuditCore", "Resources")

PATTERNS = {
    "cl100k_base": r"""'(?i:[sdmt]|ll|ve|re)|[^\r\n\p{L}\p{N}]?+\p{L}++|\p{N}{1,3}+| ?[^\s\p{L}\p{N}]++[\r\n]*+|\s++$|\s*[\r\n]|\s+(?!\S)|\s""",
    "o200k_base": "|".join([
        r"""[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]*[\p{Ll}\p{Lm}\p{Lo}\p{M}]+(?i:'s|'t|'re|'ve|'m|'ll|'d)?""",
        r"""[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]+[\p{Ll}\p{Lm}\p{Lo}\p{M}]*(?i:'s|'t|'re|'ve|'m|'ll|'d)?""",
        r"""\p{N}{1,3}""",
        r""" ?[^\s\p{L}\p{N}]+[\r\n/]*""",
        r"""\s*[\r\n]+""",
        r"""\s+(?!\S)""",
        r"""\s+""",
    ]),
}
SPECIAL = {
    "cl100k_base": {"<|endoftext|>": 100257, "<|fim_prefix|>": 100258, "<|fim_middle|>": 100259,
                    "<|fim_suffix|>": 100260, "<|endofprompt|>": 100276},
    "o200k_base": {"<|endoftext|>": 199999, "<|endofprompt|>": 200018},
}


def load_encoding(name):
    ranks = {}
    with gzip.open(os.path.join(RESOURCES, name + ".tiktoken.gz"), "rb") as f:
        for line in f:
            if line.strip():
                token, rank = line.split()
                ranks[base64.b64decode(token)] = int(rank)
    return tiktoken.Encoding(name=name, pat_str=PATTERNS[name], mergeable_ranks=ranks, special_tokens=SPECIAL[name])


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("corpus")
    parser.add_argument("--encoding", default="o200k_base")
    parser.add_argument("--repetitions", type=int, default=3)
    args = parser.parse_args()
    with open(args.corpus, "rb") as f:
        raw = f.read()
    messages = [m.decode("utf-8") for m in raw.split(b"\0") if m]
    size = sum(len(m.encode("utf-8")) for m in messages)
    encoding = load_encoding(args.encoding)
    best = float("inf")
    tokens = 0
    # CPU time of this thread, like the Swift side (tiktoken encodes on the calling thread).
    for _ in range(max(1, args.repetitions)):
        start = time.thread_time()
        tokens = sum(len(encoding.encode_ordinary(m)) for m in messages)
        best = min(best, time.thread_time() - start)
    print(f"tiktoken {tiktoken.__version__} encode_ordinary: {size / 1e6 / best:.2f} MB/s, "
          f"{tokens / best / 1e6:.2f} M tokens/s, {tokens} tokens, {best:.2f} s")


if __name__ == "__main__":
    main()
