#!/usr/bin/env python3
"""Writes the seed corpora in Tests/Fuzz/corpus/<harness>/ (issue 6). Run from anywhere:
    python3 Tests/Fuzz/make_corpus.py
The seeds are committed; this script documents where each byte comes from. The Art-Net packets are
the ARTNET.md section 10 vectors (OLA, go-artnet) plus one valid packet of every kind the parser
handles. Files named regression_* are inputs that once crashed a harness (each also has a Catch2
regression test); this script leaves them alone. Builds/fuzz.sh copies the seeds to a scratch directory, so runs never grow this corpus."""
import pathlib
import struct

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parent.parent
ID = b"Art-Net\x00"


def header(opcode, protver=14):
    return ID + struct.pack("<H", opcode) + struct.pack(">H", protver)


# ARTNET.md §10: OLA ArtNetNodeTest DMX_MESSAGE (Port-Address 0x0423, Length 6).
OLA_DMX = bytes.fromhex("417274 2d4e6574 00 0050 000e 0001 2304 0006 000102030405".replace(" ", ""))
# go-artnet "DMXControl3-WithCh123to255": seq 0x3F, PA 0, Length 512 (530 bytes); slots 123..255 = 0xFF.
GO_DMX = header(0x5000) + bytes([0x3F, 0, 0, 0, 0x02, 0x00]) + bytes(
    0xFF if 123 <= ch <= 255 else 0 for ch in range(1, 513))
OLA_POLL = bytes.fromhex("4172742d4e6574000020000e0200")
GO_POLL_1 = header(0x2000) + bytes([0x12, 0xF0])
GO_POLL_2 = header(0x2000) + bytes([0x04, 0x10])
# Full 22-byte targeted ArtPoll: Flags bit5, Top 0x0423, Bottom 0x0001, EstaMan 0x7A70, Oem 0x0431.
POLL_TARGETED = header(0x2000) + bytes([0x20, 0x40]) + struct.pack(">HHHH", 0x0423, 0x0001, 0x7A70, 0x0431)


def ola_poll_reply():
    """OLA POLL_REPLY_MESSAGE, 239 bytes, rebuilt from the key bytes ARTNET.md §10 lists."""
    p = bytearray(239)
    p[0:8] = ID
    p[8:10] = b"\x00\x21"
    p[10:14] = bytes([10, 0, 0, 1])
    p[14:16] = b"\x36\x19"
    p[18:20] = b"\x04\x02"
    p[20:22] = b"\x04\x31"
    p[23] = 0xD2
    p[24:26] = b"\x70\x7a"
    p[26:26 + 10] = b"Short Name"
    long_name = b"This is the very long name"
    p[44:44 + len(long_name)] = long_name
    report = b"#0001 [0] OLA"
    p[108:108 + len(report)] = report
    p[172:174] = b"\x00\x04"
    p[174:178] = b"\xc0" * 4
    p[178:182] = b"\x08" * 4
    p[182:186] = b"\x80\x00\x00\x00"
    p[186:190] = b"\x20" * 4
    p[190:194] = b"\x23\x20\x20\x20"
    p[201:207] = bytes.fromhex("0a0b0c123456")
    p[207:211] = bytes([10, 0, 0, 1])
    p[212] = 0x08
    return bytes(p)


SYNC = header(0x5200) + b"\x00\x00"
# ArtNzs, start code 0x91 (ArtVlc), magic 41 4C 45, odd Length 5.
NZS = header(0x5100) + bytes([1, 0x91, 0x01, 0x00, 0x00, 0x05]) + b"\x41\x4c\x45\x00\x07"
ADDRESS = header(0x6000) + bytes(107 - 12)          # valid, deliberately ignored
IPPROG = header(0xF800) + bytes(34 - 12)            # valid, deliberately ignored
ODD_DMX = header(0x5000) + bytes([7, 2, 0x01, 0x00, 0x00, 0x03, 9, 8, 7])   # Length 3, PA 1

ARTNET = {
    "ola_artdmx": OLA_DMX,
    "goartnet_artdmx_512": GO_DMX,
    "artdmx_odd_length": ODD_DMX,
    "ola_artpoll": OLA_POLL,
    "goartnet_artpoll_12f0": GO_POLL_1,
    "goartnet_artpoll_0410": GO_POLL_2,
    "artpoll_targeted_22": POLL_TARGETED,
    "ola_artpollreply": ola_poll_reply(),
    "artsync": SYNC,
    "artnzs_vlc": NZS,
    "artaddress": ADDRESS,
    "artipprog": IPPROG,
}


def datagram(payload, source=1):
    return struct.pack("<H", len(payload)) + bytes([source]) + payload


def write(harness, name, data):
    d = HERE / "corpus" / harness
    d.mkdir(parents=True, exist_ok=True)
    (d / name).write_bytes(data)


def main():
    for name, data in ARTNET.items():
        write("fuzz_artnet_parser", name, data)

    # fuzz_receive_path: byte 0 = drain policy (bit 0: after every datagram), then datagrams.
    for name, data in ARTNET.items():
        write("fuzz_receive_path", name, b"\x01" + datagram(data))
    write("fuzz_receive_path", "mixed_stream",
          b"\x01" + b"".join(datagram(d, i + 1) for i, d in enumerate(
              [OLA_POLL, OLA_DMX, GO_DMX, SYNC, ODD_DMX, NZS, ola_poll_reply(), ADDRESS, b""])))
    # 12 frames for subscribed universes without draining: the 8-frame queue overflows.
    write("fuzz_receive_path", "queue_overflow", b"\x00" + b"".join(datagram(OLA_DMX, 2) for _ in range(12)))

    write("fuzz_state_json", "ola_preset.json", (ROOT / "Tests/Peers/ola_preset.json").read_bytes())
    write("fuzz_state_json", "default_preset.json", (ROOT / "Resources/presets/default.json").read_bytes())
    write("fuzz_state_json", "minimal.json", b'{"schema":1}')
    write("fuzz_state_json", "full_mapping.json", b"""{"schema":1,"dmxEnabled":false,
 "network":{"bindAddress":"127.0.0.1","artnetPort":0},
 "labels":{"1":"Cutoff","128":"Last"},"parameters":{"1":0.25,"128":1},
 "mappings":[{"name":"Fine","enabled":true,"universe":"1:2:3","channel":511,"sixteenBit":true,
  "fineChannel":1,"inMin":256,"inMax":65000,"outMin":1,"outMax":0.1,"invert":true,
  "curve":"s-curve","curveAmount":0.75,"target":128},
  {"name":"Off","enabled":false,"universe":"127:15:15","channel":512,"target":128}]}""")

    # fuzz_mapping_engine: FuzzedDataProvider bytes have no fixed layout; a few varied seeds.
    write("fuzz_mapping_engine", "zeros", bytes(64))
    write("fuzz_mapping_engine", "ramp", bytes(range(256)))
    write("fuzz_mapping_engine", "ola_dmx_slots", OLA_DMX * 8)
    write("fuzz_mapping_engine", "full_frame", GO_DMX)


if __name__ == "__main__":
    main()
