#!/usr/bin/env python3
"""Writes a deterministic corpus of realistic chat-request text for tokenizer benchmarks.

Messages are separated by a NUL byte. Content is assembled with a fixed seed from text that ships
with Python itself (docstrings as prose, standard-library source as code), framed like agent chat
traffic: system prompts, user questions, assistant answers with Markdown and code fences, JSON tool
calls and results, some non-English text, numbers and emoji. The same Python installation gives the
same bytes.

usage: gen-chat-corpus.py OUTPUT [--megabytes 20] [--seed 1]
"""
import argparse
import inspect
import json
import os
import pkgutil
import random
import sys
import sysconfig
import importlib

MODULES = ["argparse", "asyncio", "collections", "csv", "datetime", "decimal", "email", "functools",
           "http", "json", "logging", "os", "pathlib", "re", "shutil", "sqlite3", "statistics", "string",
           "subprocess", "tarfile", "textwrap", "threading", "typing", "unittest", "urllib", "uuid", "zipfile"]

FOREIGN = [
    "Bonjour, pouvez-vous m'aider à résumer ce document ? Les résultats sont très intéressants.",
    "Können Sie bitte die Straße und die Hausnummer überprüfen? Größe: 42 m².",
    "¿Cuál es el número de teléfono de la oficina en Málaga? Gracias por su ayuda.",
    "请帮我总结一下这段代码的功能，并指出可能的性能问题。",
    "このエラーメッセージの意味を教えてください。ファイルが見つかりません。",
    "Пожалуйста, объясните, как работает этот алгоритм сортировки.",
    "이 함수는 입력 문자열을 토큰으로 분할합니다.",
    "مرحبا، هل يمكنك مساعدتي في ترجمة هذا النص؟",
    "Xin chào, bạn có thể giúp tôi sửa lỗi này không?",
]
EMOJI = ["👍", "🚀", "✅", "❌", "😀", "🤔", "🔥", "📈", "👨‍💻", "🎉"]


def collect(rng):
    prose, code = [], []
    for name in MODULES:
        try:
            module = importlib.import_module(name)
        except Exception:
            continue
        for _, obj in sorted(vars(module).items()):
            doc = inspect.getdoc(obj) if callable(obj) or inspect.isclass(obj) else None
            if doc and len(doc) > 80:
                prose.append(doc)
        path = getattr(module, "__file__", None)
        if path and path.endswith(".py"):
            with open(path, encoding="utf-8") as f:
                code.append(f.read())
    prose = sorted(set(prose))
    return prose, code


def snippet(rng, code, lines=(5, 40)):
    source = rng.choice(code).splitlines()
    n = rng.randint(*lines)
    start = rng.randrange(max(1, len(source) - n))
    return "\n".join(source[start:start + n])


def message(rng, prose, code):
    kind = rng.random()
    if kind < 0.12:
        return "You are a helpful assistant. Answer concisely.\n\n" + "\n\n".join(rng.sample(prose, 3))
    if kind < 0.40:
        question = rng.choice(prose).split("\n\n")[0]
        extra = f" {rng.choice(EMOJI)}" if rng.random() < 0.2 else ""
        return f"Can you explain this?{extra}\n\n{question}\n\nThanks! I'm stuck on it since {rng.randint(1, 12)}:{rng.randint(0, 59):02d}."
    if kind < 0.65:
        body = rng.choice(prose)
        return (f"Sure! Here's how it works:\n\n{body}\n\n```python\n{snippet(rng, code)}\n```\n\n"
                f"- Step 1: run it\n- Step 2: check the output ({rng.randint(0, 99999)} rows)\n")
    if kind < 0.80:
        call = {"id": f"call_{rng.getrandbits(64):016x}", "type": "function",
                "function": {"name": rng.choice(["read_file", "run_tests", "search", "edit_file"]),
                             "arguments": json.dumps({"path": f"src/module_{rng.randint(1, 300)}.py",
                                                      "line": rng.randint(1, 2000), "query": rng.choice(prose)[:80]})}}
        return json.dumps({"tool_calls": [call], "usage": {"prompt_tokens": rng.randint(100, 90000),
                                                            "completion_tokens": rng.randint(1, 4000)}})
    if kind < 0.93:
        return "Tool result:\n" + snippet(rng, code, (20, 120))
    return " ".join(rng.choice(FOREIGN) for _ in range(rng.randint(1, 4)))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("output")
    parser.add_argument("--megabytes", type=float, default=20)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    prose, code = collect(rng)
    target = int(args.megabytes * 1_000_000)
    written = 0
    with open(args.output, "wb") as out:
        while written < target:
            data = message(rng, prose, code).replace("\0", "").encode("utf-8") + b"\0"
            out.write(data)
            written += len(data)
    print(f"wrote {written} bytes to {args.output}", file=sys.stderr)


if __name__ == "__main__":
    main()
