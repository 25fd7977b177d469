#!/usr/bin/python3
"""Prints the scikit-learn scores that the classification-metrics tests have as literals.

Usage, from the repository root, with scikit-learn 1.9.1 (the version that printed the literals)
in a virtual environment:
    python3 -m venv target/venv-sklearn && target/venv-sklearn/bin/pip install scikit-learn==1.9.1
    target/venv-sklearn/bin/python tools/make_metrics_reference.py
Debian 12's python3-sklearn 1.2.1 (run with /usr/bin/python3) prints a few F1 scores one or two
units in the last place away: its F1 is 2PR / (P + R) of the rounded precision and recall, while
1.9.1's equals 2 TP / (2 TP + FP + FN) of the counts. The tests compare within 1e-12, so both
agree with them.

The arrays are those of rnn4j-applications/src/test/java/dev/rnn4j/metrics/ClassificationMetricsTest.java
(cases A to D and the ROC AUC cases); ConfusionMatrixTest and MetricsReportTest use cases B and A.
Precision, recall and F1 use zero_division=0 (a 0/0 score is 0), as rnn4j does. Without an
explicit label list scikit-learn averages over the labels that occur in truth or prediction,
which is why case C (a 4-class problem whose class 3 never occurs) averages over 3 classes.
Values are printed with repr (the shortest decimal that reads back to the same double).
"""
import sklearn
from sklearn import metrics

# Case A, binary: TP 3, FN 1, FP 2, TN 4.
TRUTH_A = [1, 1, 1, 1, 0, 0, 0, 0, 0, 0]
PRED_A = [1, 1, 1, 0, 1, 1, 0, 0, 0, 0]
# Case B, three classes.
TRUTH_B = [0, 0, 0, 1, 1, 2, 2, 2, 2, 2]
PRED_B = [0, 1, 0, 1, 2, 2, 2, 0, 2, 1]
# Case C, four classes: class 1 is never predicted, class 3 never occurs.
TRUTH_C = [0, 1, 2, 2, 0, 1, 2, 0]
PRED_C = [0, 0, 2, 2, 2, 0, 2, 0]
# Case D, three classes: class 2 is predicted once but never true.
TRUTH_D = [0, 0, 1, 1]
PRED_D = [0, 2, 1, 1]


def scores(truth, predicted, **options):
    """(precision, recall, f1) with zero_division=0 and the given averaging options."""
    return tuple(function(truth, predicted, zero_division=0, **options)
                 for function in (metrics.precision_score, metrics.recall_score, metrics.f1_score))


def show(title, values):
    def text(value):
        if hasattr(value, "tolist"):
            value = value.tolist()
        if isinstance(value, list):
            return "[" + ", ".join(text(v) for v in value) + "]"
        return repr(value)
    print(f"  {title}: " + ", ".join(text(v) for v in values))


def classification_case(name, truth, predicted, num_classes, binary_positive_classes=(), single_labels=()):
    print(name)
    # Every class 0..num_classes-1 gets a row and a column, as in rnn4j's ConfusionMatrix.
    show("confusion matrix (rows truth, columns prediction)",
         [metrics.confusion_matrix(truth, predicted, labels=list(range(num_classes)))])
    show("accuracy", [metrics.accuracy_score(truth, predicted)])
    for positive in binary_positive_classes:
        show(f"binary, positive class {positive}: precision, recall, f1",
             scores(truth, predicted, average="binary", pos_label=positive))
    show("per class: precision, recall, f1", scores(truth, predicted, average=None))
    for average in ("macro", "micro", "weighted"):
        show(f"{average}: precision, recall, f1", scores(truth, predicted, average=average))
    for label in single_labels:
        show(f"labels=[{label}]: precision, recall, f1", scores(truth, predicted, labels=[label], average=None))


def main():
    print("scikit-learn", sklearn.__version__)
    classification_case("case A", TRUTH_A, PRED_A, 2, binary_positive_classes=(1, 0))
    classification_case("case B", TRUTH_B, PRED_B, 3, single_labels=(2,))
    classification_case("case C", TRUTH_C, PRED_C, 4)
    classification_case("case D", TRUTH_D, PRED_D, 3)
    print("no positives: predicted never 1, then truth never 1 (binary, positive class 1)")
    show("truth [0, 1, 1], predicted [0, 0, 0]: precision, recall, f1",
         scores([0, 1, 1], [0, 0, 0], average="binary", pos_label=1))
    show("truth [0, 0, 0], predicted [0, 0, 1]: precision, recall, f1",
         scores([0, 0, 0], [0, 0, 1], average="binary", pos_label=1))
    print("ROC AUC")
    show("ties", [metrics.roc_auc_score([0, 0, 1, 1, 0, 1, 1, 0], [0.1, 0.4, 0.35, 0.8, 0.4, 0.4, 0.9, 0.2])])
    show("20 samples", [metrics.roc_auc_score(
        [1, 0, 1, 1, 0, 0, 1, 0, 1, 0, 0, 1, 1, 0, 1, 0, 0, 0, 1, 1],
        [0.9, 0.3, 0.7, 0.7, 0.3, 0.5, 0.5, 0.1, 0.8, 0.7, 0.2, 0.3, 0.9, 0.5, 0.6, 0.6, 0.4, 0.1, 0.2, 0.5])])
    show("all tied", [metrics.roc_auc_score([0, 1, 0, 1], [0.5, 0.5, 0.5, 0.5])])
    truth = [2, 0, 1, 2, 2, 1, 0, 2]
    show("class 2 against the rest", [metrics.roc_auc_score([int(t == 2) for t in truth],
                                                             [0.8, 0.1, 0.6, 0.6, 0.3, 0.2, 0.9, 0.7])])


if __name__ == "__main__":
    main()
