"""torchaudio's resampling, mel spectrogram and MFCC of a few FSDD recordings, for rnn4j's speech tests.

Usage (from the repository root):
    /usr/bin/python3 tools/make_audio_reference.py OUT.json.gz WAV...

Everything runs in float64 (torch.set_default_dtype), so the reference is torchaudio's arithmetic
without float32 rounding. Settings (names as torchaudio's arguments):
  defaults8k: 8000 Hz, hann_window, win_length 200, hop_length 80, n_fft 256, n_mels 40,
              f_min 0, f_max 4000, mel_scale htk, norm None, center True (reflect); MFCC n_mfcc 13.
  slaney16k:  the file resampled to 16000 Hz, hamming_window, win_length 400, hop_length 160,
              n_fft 512, n_mels 64, f_min 20, f_max 7600, mel_scale slaney, norm slaney,
              center True; MFCC n_mfcc 20.
  odd8k:      8000 Hz, rectangular window (ones), win_length 240, hop_length 100, n_fft 255,
              n_mels 23, f_min 50, f_max 3900, htk, norm None, center False; MFCC n_mfcc 12.
MFCC is torchaudio.transforms.MFCC(dct_type=2, norm="ortho", log_mels=True): the DCT of
ln(mel + 1e-6). Resampling is torchaudio.functional.resample with its defaults
(sinc interpolation with a Hann window, lowpass_filter_width 6, rolloff 0.99), from 8000 Hz to
16000, 11025 and 6000 Hz, stored for the first file only.
"""
import gzip
import json
import os
import sys

import torch
import torchaudio

torch.set_default_dtype(torch.float64)

SETTINGS = {
    "defaults8k": dict(rate=8000, window="hann", win_length=200, hop_length=80, n_fft=256, n_mels=40,
                       f_min=0.0, f_max=4000.0, mel_scale="htk", norm=None, center=True, n_mfcc=13),
    "slaney16k": dict(rate=16000, window="hamming", win_length=400, hop_length=160, n_fft=512, n_mels=64,
                      f_min=20.0, f_max=7600.0, mel_scale="slaney", norm="slaney", center=True, n_mfcc=20),
    "odd8k": dict(rate=8000, window="rectangular", win_length=240, hop_length=100, n_fft=255, n_mels=23,
                  f_min=50.0, f_max=3900.0, mel_scale="htk", norm=None, center=False, n_mfcc=12),
}
WINDOWS = {"hann": torch.hann_window, "hamming": torch.hamming_window,
           "rectangular": lambda n, **kwargs: torch.ones(n)}


def mel_kwargs(s):
    return dict(sample_rate=s["rate"], n_fft=s["n_fft"], win_length=s["win_length"], hop_length=s["hop_length"],
                f_min=s["f_min"], f_max=s["f_max"], n_mels=s["n_mels"], window_fn=WINDOWS[s["window"]],
                power=2.0, center=s["center"], pad_mode="reflect", norm=s["norm"], mel_scale=s["mel_scale"])


def rows(tensor):
    """(F, T) torch layout to (T, F) lists, rounded to 10 significant digits."""
    return [[float("%.10g" % v) for v in frame] for frame in tensor.T.tolist()]


def main():
    out, wavs = sys.argv[1], sys.argv[2:]
    reference = {"torch": torch.__version__, "torchaudio": torchaudio.__version__, "settings": SETTINGS, "files": []}
    for number, path in enumerate(wavs):
        waveform, rate = torchaudio.load(path)
        waveform = waveform.to(torch.float64)[0]
        assert rate == 8000, path
        entry = {"file": os.path.basename(path), "samples": waveform.numel(),
                 "first_samples": waveform[:32].tolist(), "sum_abs": float(waveform.abs().sum())}
        features = {}
        for name, s in SETTINGS.items():
            audio = waveform if s["rate"] == rate else torchaudio.functional.resample(waveform, rate, s["rate"])
            mel = torchaudio.transforms.MelSpectrogram(**mel_kwargs(s))(audio)
            mfcc = torchaudio.transforms.MFCC(sample_rate=s["rate"], n_mfcc=s["n_mfcc"], dct_type=2, norm="ortho",
                                              log_mels=True,
                                              melkwargs={k: v for k, v in mel_kwargs(s).items() if k != "sample_rate"})(audio)
            features[name] = {"mel": rows(mel), "mfcc": rows(mfcc)}
        entry["features"] = features
        if number == 0:
            entry["resampled"] = {str(target): [float("%.10g" % v) for v in
                                                torchaudio.functional.resample(waveform, rate, target).tolist()]
                                  for target in (16000, 11025, 6000)}
        reference["files"].append(entry)
    os.makedirs(os.path.dirname(os.path.abspath(out)), exist_ok=True)
    with gzip.open(out, "wt", encoding="utf-8") as f:
        json.dump(reference, f, separators=(",", ":"))


if __name__ == "__main__":
    main()
