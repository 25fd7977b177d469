/**
 * Acoustic features for recurrent acoustic models, laid out (T, F): one row per frame, which is what
 * a recurrent layer reads (torchaudio returns the transpose, (F, T)).
 *
 * <ul>
 *   <li>{@link dev.rnn4j.speech.features.FeatureSettings}: window type, window length, hop, FFT size,
 *       mel bands, frequency range, mel scale and filter normalisation, log offset, coefficients.</li>
 *   <li>{@link dev.rnn4j.speech.features.Stft}: the power spectrogram (JTransforms FFT) and
 *       {@link dev.rnn4j.speech.features.MelFilterbank}: the triangular filters, both as torchaudio.</li>
 *   <li>{@link dev.rnn4j.speech.features.FeatureExtractor}: log-mel filterbank and MFCC.</li>
 *   <li>{@link dev.rnn4j.speech.features.FeatureNormalizer}: per-utterance or global mean/variance
 *       normalisation; {@link dev.rnn4j.speech.features.SpecAugment}: seeded time and frequency masks.</li>
 * </ul>
 *
 * <p>The test resources hold torchaudio's {@code MelSpectrogram} and {@code MFCC} of real recordings
 * (made by {@code tools/make_audio_reference.py}); the features match them to the tolerance stated in
 * {@code TorchaudioReferenceTest}.
 */
package dev.rnn4j.speech.features;
