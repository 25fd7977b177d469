/**
 * Ready-made models built from the {@code nn} layers: the sequence classifier
 * ({@link dev.rnn4j.models.SequenceClassifier}) used by the golden cases and the text
 * classification application.
 */
package dev.rnn4j.models;
