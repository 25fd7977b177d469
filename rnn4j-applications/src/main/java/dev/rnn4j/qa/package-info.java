/**
 * Question answering on bAbI (Weston et al. 2015) with recurrent readers.
 */
package dev.rnn4j.qa;
