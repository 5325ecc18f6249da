# The CID a rendergrid farm (and Kubo, with `ipfs add --cid-version=1
# --raw-leaves`) stores a file under, computed here so that the add-on
# uploads only what the farm lacks: 256 KiB raw leaves, and above one leaf
# a balanced UnixFS (dag-pb) tree of at most 174 links per node, SHA2-256
# throughout. Standard library only, and no bpy: it runs under plain
# Python for the farm's tests, which compare it with the farm's own.

import base64
import hashlib

CHUNK = 256 * 1024
MAX_LINKS = 174

_RAW, _DAG_PB, _SHA2_256 = 0x55, 0x70, 0x12


def _varint(n):
    out = bytearray()
    while True:
        b = n & 0x7F
        n >>= 7
        if n:
            out.append(b | 0x80)
        else:
            out.append(b)
            return bytes(out)


def _field(num, wire, payload):
    """One protobuf field: a varint (wire 0) or bytes (wire 2)."""
    key = _varint(num << 3 | wire)
    if wire == 0:
        return key + _varint(payload)
    return key + _varint(len(payload)) + payload


def _cid(codec, block):
    return bytes([0x01, codec, _SHA2_256, 32]) + hashlib.sha256(block).digest()


def text(cid):
    """The CID's text form: base32, lower case, as the farm prints it."""
    return "b" + base64.b32encode(cid).decode().lower().rstrip("=")


def _node(children):
    """A UnixFS file node over children, each (cid, file bytes, tree bytes):
    returns the same triple for the node."""
    data = _field(1, 0, 2)  # Type: File
    data += _field(3, 0, sum(c[1] for c in children))
    for c in children:
        data += _field(4, 0, c[1])
    block = b""
    for cid, _, tsize in children:
        block += _field(2, 2, _field(1, 2, cid) + _field(2, 2, b"") + _field(3, 0, tsize))
    block += _field(1, 2, data)
    return _cid(_DAG_PB, block), sum(c[1] for c in children), len(block) + sum(c[2] for c in children)


def of_reader(read):
    """The CID (text) of the bytes read(CHUNK) returns until it returns b""."""
    level = []
    while True:
        chunk = read(CHUNK)
        # A short read is not the end: fill the leaf as the farm's chunker does.
        while chunk and len(chunk) < CHUNK:
            more = read(CHUNK - len(chunk))
            if not more:
                break
            chunk += more
        if not chunk:
            break
        level.append((_cid(_RAW, chunk), len(chunk), len(chunk)))
    if not level:
        return text(_cid(_RAW, b""))
    while len(level) > 1:
        level = [_node(level[i:i + MAX_LINKS]) for i in range(0, len(level), MAX_LINKS)]
    return text(level[0][0])


def of_bytes(data):
    """The CID (text) of data."""
    pos = [0]

    def read(n):
        b = data[pos[0]:pos[0] + n]
        pos[0] += len(b)
        return b
    return of_reader(read)


def of_file(path):
    """The CID (text) of the file at path, read in chunks."""
    with open(path, "rb") as f:
        return of_reader(f.read)


if __name__ == "__main__":
    # For the farm's tests: the CID of each file named on the command line
    # (after "--" when Blender runs it: blender -b --python cid.py -- FILE...).
    import sys
    args = sys.argv[sys.argv.index("--") + 1:] if "--" in sys.argv else sys.argv[1:]
    for p in args:
        print("CID %s %s" % (of_file(p), p))
