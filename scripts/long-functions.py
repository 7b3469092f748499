#!/usr/bin/env python3
"""Lists the functions of the sources (not tests/ or fuzz/) longer than a limit (default 100 lines):
scripts/long-functions.py [ROOT] [LIMIT]. A crude brace matcher: a top-level block after ")" counts
as a function, so a long lambda inside one counts with it. Used for issue #14's measures."""
import re, subprocess, sys
root = sys.argv[1] if len(sys.argv) > 1 else '.'
limit = int(sys.argv[2]) if len(sys.argv) > 2 else 100
files = subprocess.run(['git', 'ls-files', '*.cpp'], cwd=root, capture_output=True, text=True).stdout.split()
for f in files:
    if f.startswith('tests/') or f.startswith('fuzz/'):
        continue
    text = open(f'{root}/{f}', errors='replace').read()
    text = re.sub(r'//[^\n]*', '', text)
    text = re.sub(r'/\*.*?\*/', lambda m: '\n' * m.group(0).count('\n'), text, flags=re.S)
    text = re.sub(r'"(\\.|[^"\\\n])*"', '""', text)
    lines = text.split('\n')
    depth = 0; start = None; header = ''
    for i, line in enumerate(lines):
        for ch in line:
            if ch == '{':
                if start is None:
                    if re.search(r'\)\s*(const)?\s*(override)?\s*(noexcept)?\s*(->\s*[\w:<>]+)?\s*$', ' '.join(lines[max(0,i-3):i]) + ' ' + line[:line.index('{')]) and not re.search(r'\b(namespace|class|struct|enum)\b', line):
                        start = (i, depth)
                depth += 1
            elif ch == '}':
                depth -= 1
                if start is not None and depth == start[1]:
                    n = i - start[0] + 1
                    if n > limit:
                        print(f'{n:5d} {f}:{start[0]+1}')
                    start = None
