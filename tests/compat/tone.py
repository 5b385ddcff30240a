"""Test tones for the voice compat suite: a sine as 48 kHz stereo s16le PCM, and the dominant frequency of
decoded audio found with a Goertzel scan in pure Python (coarse over a short window, then fine over the
whole window), so no numpy is needed."""
import array
import math

RATE = 48000


def sine_pcm(frequency, seconds, amplitude=0.3, rate=RATE):
    """Interleaved stereo s16le PCM of a sine (the same sample on both channels)."""
    out = array.array("h")
    peak = amplitude * 32767
    for i in range(int(seconds * rate)):
        v = int(round(peak * math.sin(2 * math.pi * frequency * i / rate)))
        out.append(v)
        out.append(v)
    return out.tobytes()


def _goertzel_power(x, window, frequency, rate):
    coeff = 2 * math.cos(2 * math.pi * frequency / rate)
    s1 = s2 = 0.0
    for v, w in zip(x, window):
        s1, s2 = v * w + coeff * s1 - s2, s1
    return s1 * s1 + s2 * s2 - coeff * s1 * s2


def _hann(n):
    return [0.5 - 0.5 * math.cos(2 * math.pi * i / (n - 1)) for i in range(n)]


def analyse(samples, rate=RATE, start_seconds=0.25, seconds=0.5, channels=2):
    """samples: interleaved int16 (array('h') or list). Looks at `seconds` of audio from `start_seconds`,
    mixed to mono and decimated by 6 (8 kHz: plenty for a tone below 2 kHz). Returns
    (dominant frequency in Hz, purity), purity being the tone's amplitude over the amplitude a pure sine
    of the window's RMS would have: near 1 for a clean tone, small for noise or silence."""
    mono = [sum(samples[i:i + channels]) / channels for i in range(0, len(samples) - channels + 1, channels)]
    begin, end = int(start_seconds * rate), int((start_seconds + seconds) * rate)
    mono = mono[begin:end]
    if len(mono) < rate * seconds * 0.9:
        raise ValueError(f"only {len(mono) / rate:.3f} s of audio after {start_seconds} s")
    decimation = 6
    x = [sum(mono[i:i + decimation]) / decimation for i in range(0, len(mono) - decimation + 1, decimation)]
    r = rate / decimation
    rms = math.sqrt(sum(v * v for v in x) / len(x))
    if rms < 1:
        return 0.0, 0.0
    # Coarse: 0.1 s (lobe ±20 Hz with Hann), 5 Hz steps, 50 Hz to 3.5 kHz.
    short = x[:int(r * 0.1)]
    short_window = _hann(len(short))
    coarse = max(range(50, 3500, 5), key=lambda f: _goertzel_power(short, short_window, f, r))
    # Fine: the whole window, 0.25 Hz steps around the coarse peak.
    window = _hann(len(x))
    best_power, best = max((_goertzel_power(x, window, coarse + k * 0.25, r), coarse + k * 0.25)
                           for k in range(-60, 61))
    amplitude = 2 * math.sqrt(best_power) / sum(window)
    return best, amplitude / (rms * math.sqrt(2))
