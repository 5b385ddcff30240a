"""A small, independent Erlang External Term Format codec for the tests (gateway.md §12), so the
server's ETF is checked against a second implementation rather than against itself."""
import struct


def encode(value):
    return b"\x83" + _term(value)


def _atom(name):
    b = name.encode()
    return bytes([119, len(b)]) + b  # SMALL_ATOM_UTF8_EXT


def _term(v):
    if v is None:
        return _atom("nil")
    if v is True:
        return _atom("true")
    if v is False:
        return _atom("false")
    if isinstance(v, int):
        if 0 <= v < 256:
            return bytes([97, v])
        if -2**31 <= v < 2**31:
            return b"b" + struct.pack(">i", v)
        sign = 1 if v < 0 else 0
        v = abs(v)
        digits = v.to_bytes((v.bit_length() + 7) // 8, "little")
        return bytes([110, len(digits), sign]) + digits
    if isinstance(v, float):
        return b"F" + struct.pack(">d", v)
    if isinstance(v, str):
        b = v.encode()
        return b"m" + struct.pack(">I", len(b)) + b
    if isinstance(v, (list, tuple)):
        if not v:
            return b"j"
        return b"l" + struct.pack(">I", len(v)) + b"".join(_term(x) for x in v) + b"j"
    if isinstance(v, dict):
        out = b"t" + struct.pack(">I", len(v))
        for k, x in v.items():
            out += _term(k) + _term(x)  # binary keys (what clients send)
        return out
    raise TypeError(type(v))


def decode(data):
    if data[:1] != b"\x83":
        raise ValueError("bad version")
    value, pos = _decode(data, 1)
    if pos != len(data):
        raise ValueError("trailing bytes")
    return value


def _decode(d, i):
    tag = d[i]
    i += 1
    if tag == 97:
        return d[i], i + 1
    if tag == 98:
        return struct.unpack(">i", d[i:i + 4])[0], i + 4
    if tag == 70:
        return struct.unpack(">d", d[i:i + 8])[0], i + 8
    if tag in (110, 111):
        if tag == 110:
            n, sign = d[i], d[i + 1]
            i += 2
        else:
            n, sign = struct.unpack(">I", d[i:i + 4])[0], d[i + 4]
            i += 5
        v = int.from_bytes(d[i:i + n], "little")
        return (-v if sign else v), i + n
    if tag in (100, 118, 115, 119):  # atoms
        if tag in (100, 118):
            n = struct.unpack(">H", d[i:i + 2])[0]
            i += 2
        else:
            n = d[i]
            i += 1
        name = d[i:i + n].decode()
        return {"nil": None, "null": None, "true": True, "false": False}.get(name, name), i + n
    if tag == 109:
        n = struct.unpack(">I", d[i:i + 4])[0]
        return d[i + 4:i + 4 + n].decode(), i + 4 + n
    if tag == 107:
        n = struct.unpack(">H", d[i:i + 2])[0]
        return list(d[i + 2:i + 2 + n]), i + 2 + n
    if tag == 106:
        return [], i
    if tag == 108:
        n = struct.unpack(">I", d[i:i + 4])[0]
        i += 4
        out = []
        for _ in range(n):
            x, i = _decode(d, i)
            out.append(x)
        if d[i] != 106:
            raise ValueError("improper list")
        return out, i + 1
    if tag == 116:
        n = struct.unpack(">I", d[i:i + 4])[0]
        i += 4
        out = {}
        for _ in range(n):
            k, i = _decode(d, i)
            v, i = _decode(d, i)
            out[k] = v
        return out, i
    raise ValueError(f"unknown tag {tag}")
