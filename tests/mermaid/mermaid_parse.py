#!/usr/bin/env python3
"""Mermaid's own parse of a journey, for the expected counts of the corpus.

A second, independent rendition of Mermaid's preprocessing (preprocess.ts,
frontmatter.ts, comments.ts, utils.removeDirectives) and of journey.jison's
lexer (its regular expressions, first match wins, case-insensitive) and
grammar, with journeyDb.addTask. It says what Mermaid would draw: the
sections, the tasks, the actors; or where Mermaid's parser fails. It does not
say what Mermaid misreads silently (jmap's reader does): that is what the
expected errors in expected.json record by hand.

    mermaid_parse.py FILE...          prints one JSON object per file
"""
import json
import re
import sys

FRONT = re.compile(r'^-{3}\s*[\n\r](.*?)[\n\r]-{3}\s*[\n\r]+', re.S)
DIRECTIVE = re.compile(r'%{2}{\s*(?:(\w+)\s*:|(\w+))\s*(?:(\w+)|((?:(?!}%{2}).|\r?\n)*))?\s*(?:}%{2})?', re.I)
COMMENT_LINE = re.compile(r'^\s*%%(?!{)[^\n]+\n?', re.M)
RULES = [  # journey.jison, INITIAL state, in order
    (r'%%(?!\{)[^\n]*', None), (r'[^\}]%%[^\n]*', None), (r'[\n]+', 'NEWLINE'), (r'\s+', None),
    (r'#[^\n]*', None), (r'journey', 'journey'), (r'title\s[^#\n;]+', 'title'),
    (r'accTitle\s*:\s*[^\n]*', 'acc_title'), (r'accDescr\s*:\s*[^\n]*', 'acc_descr'),
    (r'accDescr\s*\{\s*[^\}]*\}?', 'acc_descr_ml'), (r'section\s[^#:\n;]+', 'section'),
    (r'[^#:\n;]+', 'taskName'), (r':[^#\n;]+', 'taskData'), (r':', ':'), (r'.', 'INVALID')]
RULES = [(re.compile(p, re.I | re.S), t) for p, t in RULES]


def encode_entities(text):
    return re.sub(r'#\w+;', lambda m: '\ufb02\u00b0' + m.group(0)[1:-1] + '\u00b6\u00df', text)


def tokens(text):
    i = 0
    while i < len(text):
        for rx, kind in RULES:
            m = rx.match(text, i)
            if m and m.end() > i:
                if kind:
                    yield kind, m.group(0)
                i = m.end()
                break
    yield 'EOF', ''


def js_number(s):
    s = s.strip()
    if s == '':
        return 0.0
    try:
        return float(s) if re.fullmatch(r'[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?', s) else float('nan')
    except ValueError:
        return float('nan')


def parse(text):
    text = re.sub(r'\r\n?', '\n', text)
    m = FRONT.match(text)
    if m:
        text = text[m.end():]
    text = DIRECTIVE.sub('', text)
    text = COMMENT_LINE.sub('', text).lstrip()
    if not re.match(r'^\s*journey', text):
        return {'error': 'No diagram type detected'}
    toks = list(tokens(encode_entities(text) + '\n'))
    if toks[0][0] != 'journey':
        return {'error': 'parse error at ' + toks[0][0]}
    sections, tasks, actors = [], [], []
    current = ''
    k = 1
    while toks[k][0] != 'EOF':
        kind, val = toks[k]
        if kind == 'section':
            current = val[8:]
            sections.append(current)
        elif kind == 'taskName':
            if toks[k + 1][0] != 'taskData':
                return {'error': 'parse error after task %r' % val}
            pieces = toks[k + 1][1][1:].split(':')
            people = [p.strip() for p in pieces[1].split(',')] if len(pieces) > 1 else []
            tasks.append({'section': current, 'task': val, 'score': js_number(pieces[0]), 'people': people})
            for p in people:
                if p not in actors:
                    actors.append(p)
            k += 1
        elif kind in ('taskData', ':', 'INVALID', 'journey'):
            return {'error': 'parse error at %s %r' % (kind, val)}
        k += 1
    before = 1 if tasks and tasks[0]['section'] == '' else 0
    return {'stages': len(sections) + before, 'touchpoints': len(tasks), 'personas': len([a for a in actors if a])}


if __name__ == '__main__':
    for f in sys.argv[1:]:
        print(json.dumps({f: parse(open(f, encoding='utf-8').read())}, ensure_ascii=False))
