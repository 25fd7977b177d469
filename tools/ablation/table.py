#!/usr/bin/env python3
"""Prints the ablation table of RESULTS.md ("Ablation on fresh seeds") from a results folder.

    python3 tools/ablation/table.py tools/ablation/results

Reads {sst,mr,cv}-{1n,3n,1t,3t}-sSEED.json (the --metrics-json of classify_ablation.sh's runs)
and nb-*.txt (NaiveBayesAlone.java's output). A missing run shows as a dash; a mean is printed
only over the seeds present, and says so when it covers fewer than all three.
"""
import glob
import json
import os
import re
import statistics
import sys

SEEDS = (11, 12, 13)
ROWS = [('NB', 'Naive Bayes table alone'),
        ('1n', '1 network alone (`--ensemble 1 --ngram-order 0`)'),
        ('3n', '3 networks alone (`--ngram-order 0`)'),
        ('1t', '1 network + table (`--ensemble 1`)'),
        ('3t', '3 networks + table (the defaults)')]
DATASETS = [('sst', 'SST-2 test'), ('mr', 'MR split (dev figure)'), ('cv', 'MR 10-fold CV')]


def naive_bayes(folder):
    found = {}
    for path in glob.glob(os.path.join(folder, 'nb-*.txt')):
        for line in open(path):
            m = re.match(r'seed (\d+) MR split.*: ([\d.]+)', line)
            if m:
                found[('mr', int(m[1]))] = float(m[2])
            m = re.match(r'seed (\d+) MR 10-fold CV: ([\d.]+)', line)
            if m:
                found[('cv', int(m[1]))] = float(m[2])
            m = re.match(r'SST-2 test.*: ([\d.]+)', line)
            if m:
                found['sst'] = float(m[1])
    return found


def network(folder, dataset, tag, seed):
    path = os.path.join(folder, f'{dataset}-{tag}-s{seed}.json')
    if not os.path.exists(path):
        return None
    metrics = json.load(open(path))
    if dataset == 'cv':
        return metrics['accuracy_mean']
    if dataset == 'sst':
        return metrics['test']['accuracy']
    return metrics['dev']['accuracy']


def cell(values):
    present = [v for v in values if v is not None]
    text = ' / '.join('%.2f' % (100 * v) if v is not None else '–' for v in values)
    if len(present) == len(values):
        return text + ' → **%.2f**' % (100 * statistics.mean(present))
    if len(present) > 1:
        return text + ' → %.2f (mean of %d seeds)' % (100 * statistics.mean(present), len(present))
    return text


def main(folder):
    nb = naive_bayes(folder)
    print('| Model | ' + ' | '.join(name + ' (seeds 11 / 12 / 13 → mean)' for _, name in DATASETS) + ' |')
    print('|---|' + '---|' * len(DATASETS))
    for tag, label in ROWS:
        cells = []
        for dataset, _ in DATASETS:
            if tag == 'NB' and dataset == 'sst':
                cells.append('%.2f (no seed involved)' % (100 * nb['sst']) if 'sst' in nb else '–')
                continue
            values = [nb.get((dataset, s)) if tag == 'NB' else network(folder, dataset, tag, s) for s in SEEDS]
            cells.append(cell(values))
        print('| ' + label + ' | ' + ' | '.join(cells) + ' |')


if __name__ == '__main__':
    main(sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), 'results'))
