"""Prints sacreBLEU's BLEU and chrF on the cases of BleuTest, ChrfTest and Tokenizer13aTest.

The Java tests hold these numbers as literals; neither `mvn verify` nor CI runs this script.
Needs sacreBLEU 2.6.0 (pure Python):

    python3 -m venv /tmp/sb && /tmp/sb/bin/pip install sacrebleu==2.6.0
    /tmp/sb/bin/python tools/make_bleu_reference.py

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


if __name__ == '__main__':
    main()
