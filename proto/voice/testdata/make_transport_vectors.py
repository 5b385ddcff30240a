#!/usr/bin/env python3
"""Computes the transport-encryption known-answer vectors of transport_cipher_test.cpp with a
second, independent implementation of the packet layouts of voice.md §8 (AES-256-GCM from the
`cryptography` package, XChaCha20-Poly1305 as HChaCha20 written here + cryptography's IETF
ChaCha20-Poly1305, XSalsa20-Poly1305 secretbox through libsodium's C API via ctypes).

Run: python3 make_transport_vectors.py   (prints one line of hex per mode and packet)."""
import ctypes
import struct

from cryptography.hazmat.primitives.ciphers.aead import AESGCM, ChaCha20Poly1305

KEY = bytes(range(32))
COUNTER = 0x01020304


def rotl(v, n):
    return ((v << n) & 0xFFFFFFFF) | (v >> (32 - n))


def hchacha20(key, nonce16):
    s = list(struct.unpack("<4I", b"expand 32-byte k")) + list(struct.unpack("<8I", key)) + list(
        struct.unpack("<4I", nonce16))

    def qr(a, b, c, d):
        s[a] = (s[a] + s[b]) & 0xFFFFFFFF; s[d] = rotl(s[d] ^ s[a], 16)
        s[c] = (s[c] + s[d]) & 0xFFFFFFFF; s[b] = rotl(s[b] ^ s[c], 12)
        s[a] = (s[a] + s[b]) & 0xFFFFFFFF; s[d] = rotl(s[d] ^ s[a], 8)
        s[c] = (s[c] + s[d]) & 0xFFFFFFFF; s[b] = rotl(s[b] ^ s[c], 7)

    for _ in range(10):
        qr(0, 4, 8, 12); qr(1, 5, 9, 13); qr(2, 6, 10, 14); qr(3, 7, 11, 15)
        qr(0, 5, 10, 15); qr(1, 6, 11, 12); qr(2, 7, 8, 13); qr(3, 4, 9, 14)
    return struct.pack("<8I", *(s[0:4] + s[12:16]))


def xchacha_seal(key, nonce24, plaintext, aad):
    sub = hchacha20(key, nonce24[:16])
    return ChaCha20Poly1305(sub).encrypt(b"\0" * 4 + nonce24[16:], plaintext, aad)


sodium = ctypes.CDLL("libsodium.so.23")
assert sodium.sodium_init() >= 0


def secretbox_easy(key, nonce24, plaintext):  # MAC(16) ‖ ciphertext
    out = ctypes.create_string_buffer(len(plaintext) + 16)
    assert sodium.crypto_secretbox_easy(out, plaintext, ctypes.c_ulonglong(len(plaintext)), nonce24, key) == 0
    return out.raw


def rtpsize_header_len(pkt):
    cc = pkt[0] & 0x0F
    return 12 + 4 * cc + (4 if pkt[0] & 0x10 else 0)


def seal(mode, pkt):
    counter = struct.pack(">I", COUNTER)
    h = rtpsize_header_len(pkt) if mode.endswith("_rtpsize") else 12
    header, body = pkt[:h], pkt[h:]
    if mode in ("aead_aes256_gcm_rtpsize", "aead_aes256_gcm"):
        return header + AESGCM(KEY).encrypt(counter + b"\0" * 8, body, header) + counter
    if mode == "aead_xchacha20_poly1305_rtpsize":
        return header + xchacha_seal(KEY, counter + b"\0" * 20, body, header) + counter
    if mode == "xsalsa20_poly1305":
        return header + secretbox_easy(KEY, pkt[:12] + b"\0" * 12, body)
    if mode == "xsalsa20_poly1305_suffix":
        nonce = counter + b"\0" * 20
        return header + secretbox_easy(KEY, nonce, body) + nonce
    if mode in ("xsalsa20_poly1305_lite", "xsalsa20_poly1305_lite_rtpsize"):
        return header + secretbox_easy(KEY, counter + b"\0" * 20, body) + counter
    raise ValueError(mode)


PAYLOAD = bytes([0xF8, 0xFF, 0xFE]) + bytes((i * 7 + 1) & 0xFF for i in range(13))
PLAIN = bytes.fromhex("8078123400000960aabbccdd") + PAYLOAD
# X set, CC = 1: CSRC, extension preamble 0xBEDE length 1, one 4-byte body, then the payload.
EXTENDED = bytes.fromhex("917812340000096011223344" "22222222" "bede0001" "10aa0000") + PAYLOAD

MODES = ["aead_aes256_gcm_rtpsize", "aead_xchacha20_poly1305_rtpsize", "xsalsa20_poly1305_lite_rtpsize",
         "aead_aes256_gcm", "xsalsa20_poly1305", "xsalsa20_poly1305_suffix", "xsalsa20_poly1305_lite"]

if __name__ == "__main__":
    print("plain    ", PLAIN.hex())
    print("extended ", EXTENDED.hex())
    for mode in MODES:
        print(mode)
        print("  plain    ", seal(mode, PLAIN).hex())
        print("  extended ", seal(mode, EXTENDED).hex())
