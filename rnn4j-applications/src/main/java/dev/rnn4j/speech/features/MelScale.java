package dev.rnn4j.speech.features;

/**
 * The mel scale, as torchaudio's {@code _hz_to_mel} and {@code _mel_to_hz}.
 * <ul>
 *   <li>HTK: m = 2595 log10(1 + f / 700).</li>
 *   <li>SLANEY (Slaney's Auditory Toolbox, librosa's default): linear below 1000 Hz, m = 3 f / 200;
 *       logarithmic above, m = 15 + ln(f / 1000) / (ln 6.4 / 27).</li>
 * </ul>
 */
public enum MelScale {
    HTK,
    SLANEY;

    private static final double F_SP = 200.0 / 3;
    private static final double MIN_LOG_HZ = 1000.0;
    private static final double MIN_LOG_MEL = MIN_LOG_HZ / F_SP;
    private static final double LOG_STEP = Math.log(6.4) / 27.0;

    /** The mel value of {@code hz}. */
    public double hzToMel(double hz) {
        if (this == HTK) {
            return 2595.0 * Math.log10(1.0 + hz / 700.0);
        }
        return hz >= MIN_LOG_HZ ? MIN_LOG_MEL + Math.log(hz / MIN_LOG_HZ) / LOG_STEP : hz / F_SP;
    }

    /** The frequency in Hz of {@code mel}. */
    public double melToHz(double mel) {
        if (this == HTK) {
            return 700.0 * (Math.pow(10.0, mel / 2595.0) - 1.0);
        }
        return mel >= MIN_LOG_MEL ? MIN_LOG_HZ * Math.exp(LOG_STEP * (mel - MIN_LOG_MEL)) : F_SP * mel;
    }
}
