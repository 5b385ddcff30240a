"""libopus through ctypes for the voice compat suite (voice.md §9: Opus, 48 kHz, stereo, 20 ms frames).
libopus0 comes with libopus-dev (scripts/install-deps.sh); nothing is built for Python."""
import array
import ctypes
import ctypes.util

RATE = 48000
CHANNELS = 2
FRAME_SAMPLES = 960                          # per channel, 20 ms
FRAME_BYTES = FRAME_SAMPLES * CHANNELS * 2   # s16le interleaved
SILENCE_FRAME = b"\xf8\xff\xfe"              # voice.md §9
_APPLICATION_AUDIO = 2049
_MAX_PACKET = 4000
_MAX_FRAME_SAMPLES = 5760                    # 120 ms, the longest Opus frame


def _load():
    name = ctypes.util.find_library("opus")
    if not name:
        raise RuntimeError("libopus not found (install libopus-dev)")
    lib = ctypes.CDLL(name)
    lib.opus_encoder_create.restype = ctypes.c_void_p
    lib.opus_encoder_create.argtypes = [ctypes.c_int32, ctypes.c_int, ctypes.c_int, ctypes.POINTER(ctypes.c_int)]
    lib.opus_encode.restype = ctypes.c_int32
    lib.opus_encode.argtypes = [ctypes.c_void_p, ctypes.c_void_p, ctypes.c_int, ctypes.c_void_p, ctypes.c_int32]
    lib.opus_encoder_destroy.argtypes = [ctypes.c_void_p]
    lib.opus_decoder_create.restype = ctypes.c_void_p
    lib.opus_decoder_create.argtypes = [ctypes.c_int32, ctypes.c_int, ctypes.POINTER(ctypes.c_int)]
    lib.opus_decode.restype = ctypes.c_int
    lib.opus_decode.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int32, ctypes.c_void_p, ctypes.c_int,
                                ctypes.c_int]
    lib.opus_decoder_destroy.argtypes = [ctypes.c_void_p]
    return lib


_lib = None


def lib():
    global _lib
    if _lib is None:
        _lib = _load()
    return _lib


class Encoder:
    """48 kHz stereo Opus encoder: one 20 ms frame of s16le PCM (3840 bytes) in, one Opus packet out."""

    def __init__(self):
        err = ctypes.c_int(0)
        self._st = lib().opus_encoder_create(RATE, CHANNELS, _APPLICATION_AUDIO, ctypes.byref(err))
        if not self._st or err.value != 0:
            raise RuntimeError(f"opus_encoder_create failed: {err.value}")
        self._out = ctypes.create_string_buffer(_MAX_PACKET)

    def encode(self, pcm_frame):
        if len(pcm_frame) != FRAME_BYTES:
            raise ValueError(f"a 20 ms frame is {FRAME_BYTES} bytes, got {len(pcm_frame)}")
        pcm = ctypes.create_string_buffer(bytes(pcm_frame), len(pcm_frame))
        n = lib().opus_encode(self._st, pcm, FRAME_SAMPLES, self._out, _MAX_PACKET)
        if n < 0:
            raise RuntimeError(f"opus_encode failed: {n}")
        return self._out.raw[:n]

    def close(self):
        if self._st:
            lib().opus_encoder_destroy(self._st)
            self._st = None

    __del__ = close


class Decoder:
    """48 kHz stereo Opus decoder: one packet in, interleaved int16 samples (array('h')) out."""

    def __init__(self):
        err = ctypes.c_int(0)
        self._st = lib().opus_decoder_create(RATE, CHANNELS, ctypes.byref(err))
        if not self._st or err.value != 0:
            raise RuntimeError(f"opus_decoder_create failed: {err.value}")
        self._pcm = (ctypes.c_int16 * (_MAX_FRAME_SAMPLES * CHANNELS))()

    def decode(self, packet):
        n = lib().opus_decode(self._st, packet, len(packet), self._pcm, _MAX_FRAME_SAMPLES, 0)
        if n < 0:
            raise RuntimeError(f"opus_decode failed: {n}")
        return array.array("h", self._pcm[:n * CHANNELS])

    def close(self):
        if self._st:
            lib().opus_decoder_destroy(self._st)
            self._st = None

    __del__ = close
