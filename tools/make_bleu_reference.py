"""Prints sacreBLEU's BLEU and chrF on the cases of BleuTest, ChrfTest and Tokenizer13aTest.

The Java tests hold these numbers as literals; neither `mvn verify` nor CI runs this script.
Needs sacreBLEU 2.6.0 (pure Python):

    python3 -m venv target/venv-sacrebleu && target/venv-sacrebleu/bin/pip install sacrebleu==2.6.0
    target/venv-sacrebleu/bin/python tools/make_bleu_reference.py

With `--random FILE` it writes instead a JSON file of 200 random segments built from awkward
pieces (numbers, HTML entities, punctuation runs, Unicode, odd spaces), seed 1234, with
sacreBLEU's 13a tokens, sentence BLEU and chrF of each, and the corpus scores; SacreBleuRandomTest
reads it from rnn4j-applications/src/test/resources/translation/sacrebleu_random.json.

Each case prints the score as repr() (shortest round-trip decimal), the n-gram statistics and
the line sacreBLEU formats, so a test can compare both the number and the printed form.
"""
import sacrebleu
from sacrebleu.metrics import BLEU, CHRF
from sacrebleu.tokenizers.tokenizer_13a import Tokenizer13a

README_HYPS = ['The dog bit the man.', "It wasn't surprising.", 'The man had just bitten him.']
README_REFS = [['The dog bit the man.', 'It was not unexpected.', 'The man bit him first.'],
               ['The dog had bit the man.', 'No one was surprised.', 'The man had bitten the dog.']]

PUNCT_HYPS = ['It costs $3,000.50 - that is 1-2 days\' pay, isn\'t it?',
              'See <b>&amp;</b> &quot;quoted&quot; &lt;tags&gt; e.g. U.S.A. 3.14, 2.',
              'Hello,world...  (really)! 10-20 km/h;ok']
PUNCT_REFS = [['It costs $3,000.50 -- that is 1-2 days\' pay, is it not?',
               'See <b>&</b> "quoted" <tags> e.g. U.S.A. 3.14 , 2 .',
               'Hello, world... (really)! 10 - 20 km/h; ok']]

UNICODE_HYPS = ['Ein Mann fährt „schnell“ über die Straße.',
                'Zwei\u00a0Hunde spielen im Schnee – glücklich 😀.',
                'İstanbul ΣΟΦΟΣ 東京タワー',
                'Café naïve']
UNICODE_REFS = [['Ein Mann fährt schnell über die Straße.',
                 'Zwei Hunde spielen im Schnee 😀.',
                 'istanbul σοφος 東京 タワー',
                 'Cafe\u0301 naïve']]

LOWER_HYPS = ['THE CAT sat on The Mat.', 'a Quick brown FOX']
LOWER_REFS = [['The cat sat on the mat.', 'A quick brown fox jumps']]

SHORT_HYPS = ['a b c', 'x y', 'the cat']          # order 4 has no n-gram at all
SHORT_REFS = [['a b c d', 'x z', 'the cat']]

ZERO4_HYPS = ['the cat sat in a mat today', 'one two three four']   # 4-grams exist, none matches
ZERO4_REFS = [['the cat sat on the mat today', 'one two three five four']]

EMPTY_HYPS = ['', 'The dog bit the man.', '']
EMPTY_REFS = [['Nothing here.', 'The dog bit the man.', '']]

NOMATCH_HYPS = ['completely different words', 'nothing']
NOMATCH_REFS = [['the cat sat', 'on the mat']]

VAR_HYPS = ['the cat is on the mat', 'there is a dog', 'birds fly']
VAR_REFS = [['the cat sat on the mat', 'there is a cat', 'birds can fly'],
            ['a cat is on the mat', None, 'the birds fly']]

TOKENIZER_LINES = ["It costs $3,000.50 - that is 1-2 days' pay, isn't it?",
                   'See <b>&amp;</b> &quot;quoted&quot; &lt;tags&gt; e.g. U.S.A. 3.14, 2.',
                   'a<skipped>b line-\nbreak\nnext',
                   '{x}[y]`z`~|^_\\@ #1 %2 +3 =4',
                   'Zwei\u00a0Hunde\u2003spielen – „gut“ 😀.',
                   '...,,,1.2.3,4,5-6--7',
                   '   ']


def show_bleu(name, metric, hyps, refs):
    s = metric.corpus_score(hyps, refs)
    sig = metric.get_signature().format()
    print(f'{name}: score={s.score!r} counts={s.counts} totals={s.totals} '
          f'sys_len={s.sys_len} ref_len={s.ref_len} bp={s.bp!r}')
    print(f'    {s.format(signature=sig)}')


def show_chrf(name, metric, hyps, refs):
    s = metric.corpus_score(hyps, refs)
    sig = metric.get_signature().format()
    print(f'{name}: score={s.score!r}')
    print(f'    {s.format(signature=sig)}')


def main():
    print(f'sacrebleu {sacrebleu.__version__}')
    print('== BLEU (default: 13a, mixed case, exp smoothing) ==')
    cases = [('readme', README_HYPS, README_REFS), ('punct', PUNCT_HYPS, PUNCT_REFS),
             ('unicode', UNICODE_HYPS, UNICODE_REFS), ('lower', LOWER_HYPS, LOWER_REFS),
             ('short', SHORT_HYPS, SHORT_REFS), ('zero4', ZERO4_HYPS, ZERO4_REFS),
             ('empty', EMPTY_HYPS, EMPTY_REFS), ('nomatch', NOMATCH_HYPS, NOMATCH_REFS),
             ('var', VAR_HYPS, VAR_REFS)]
    for name, h, r in cases:
        show_bleu(name, BLEU(), h, r)
    print('== BLEU --lowercase ==')
    for name in ('lower', 'unicode', 'readme'):
        _, h, r = next(c for c in cases if c[0] == name)
        show_bleu(name, BLEU(lowercase=True), h, r)
    print('== BLEU other smoothing and effective order ==')
    for method in ('none', 'floor', 'add-k'):
        show_bleu('zero4 ' + method, BLEU(smooth_method=method), ZERO4_HYPS, ZERO4_REFS)
    show_bleu('short eff', BLEU(effective_order=True), SHORT_HYPS, SHORT_REFS)
    show_bleu('short none', BLEU(smooth_method='none'), SHORT_HYPS, SHORT_REFS)
    print('== sentence BLEU, effective order ==')
    b = BLEU(effective_order=True)
    for h, r in [('The dog bit the man.', ['The dog had bit the man.']),
                 ('a b', ['a b c']),
                 ("It wasn't surprising.", ['It was not unexpected.', 'No one was surprised.'])]:
        s = b.sentence_score(h, r)
        print(f'{h!r} vs {r!r}: score={s.score!r}')
    print('== chrF (default chrF2) ==')
    for name, h, r in cases:
        show_chrf(name, CHRF(), h, r)
    print('== chrF lowercase, chrF++ ==')
    show_chrf('lower lc', CHRF(lowercase=True), LOWER_HYPS, LOWER_REFS)
    show_chrf('readme chrF++', CHRF(word_order=2), README_HYPS, README_REFS)
    show_chrf('punct chrF++', CHRF(word_order=2), PUNCT_HYPS, PUNCT_REFS)
    print('== 13a tokens ==')
    tok = Tokenizer13a()
    for line in TOKENIZER_LINES:
        print(f'{line!r} -> {tok(line)!r}')


PIECES = ['the', 'The', 'dog', 'DOG', 'bit', 'man', 'a', 'an', 'Straße', 'über', 'ÜBER', 'naïve',
          'Cafe\u0301', 'İstanbul', 'ΣΟΦΟΣ', '東京', 'タワー', '😀', '3,000.50', '1-2', '10-20', '3.14',
          'U.S.A.', 'e.g.', "isn't", "days'", '-', '--', '...', ',', '.', '!', '?', '(x)', '[y]', '{z}',
          '$5', '100%', '&amp;', '&quot;', '&lt;b&gt;', '<skipped>', 'a/b', 'x@y.com', '#tag', 'km/h;',
          '„gut“', '–', '\u00a0', '\t', '\u2003', 'line-\nbreak', '~^_`|\\']


def random_segment(rng):
    n = rng.randint(0, 12)
    out = ''
    for _ in range(n):
        out += rng.choice(['', ' ', ' ', ' ', '  ']) + rng.choice(PIECES)
    return out + rng.choice(['', ' ', '\n'])


def write_random(path):
    import json
    import random
    rng = random.Random(1234)
    hyps, refs1, refs2 = [], [], []
    for _ in range(200):
        ref = random_segment(rng)
        words = ref.split(' ')
        # a hypothesis that shares part of the reference, so that matches of every order occur
        hyp = ' '.join(w for w in words if rng.random() < 0.8) + rng.choice(['', ' ' + random_segment(rng)])
        hyps.append(hyp)
        refs1.append(ref)
        refs2.append(random_segment(rng) if rng.random() < 0.5 else ref.upper())
    tok = Tokenizer13a()
    sent_bleu = BLEU(effective_order=True)
    chrf = CHRF()
    segments = []
    for h, r1, r2 in zip(hyps, refs1, refs2):
        segments.append({'hyp': h, 'refs': [r1, r2], 'tokens13a': tok(h),
                         'sentence_bleu': sent_bleu.sentence_score(h, [r1, r2]).score,
                         'sentence_chrf': chrf.sentence_score(h, [r1, r2]).score})
    corpus = {}
    for name, metric in [('bleu', BLEU()), ('bleu_lc', BLEU(lowercase=True)), ('chrf', CHRF()),
                         ('chrf_pp', CHRF(word_order=2))]:
        score = metric.corpus_score(hyps, [refs1, refs2])
        corpus[name] = {'score': score.score, 'line': score.format(signature=metric.get_signature().format())}
    with open(path, 'w', encoding='utf-8') as f:
        json.dump({'sacrebleu': sacrebleu.__version__, 'seed': 1234, 'segments': segments, 'corpus': corpus},
                  f, ensure_ascii=False, indent=1)
        f.write('\n')


if __name__ == '__main__':
    import sys
    if len(sys.argv) == 3 and sys.argv[1] == '--random':
        write_random(sys.argv[2])
    else:
        main()
