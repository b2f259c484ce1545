#!/usr/bin/env python3
"""Writes the seed corpora in Tests/Fuzz/corpus/<harness>/. Run from anywhere:
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
# The smallest legal ArtDmx: 19 bytes, Length 1, one slot (tshark decodes it; it is accepted).
ONE_SLOT_DMX = header(0x5000) + bytes([8, 0, 0x01, 0x00, 0x00, 0x01, 0xAB])

ARTNET = {
    "ola_artdmx": OLA_DMX,
    "goartnet_artdmx_512": GO_DMX,
    "artdmx_odd_length": ODD_DMX,
    "artdmx_length1_19_bytes": ONE_SLOT_DMX,
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


# sACN (ARTNET.md section 8 and 10).
ACN_ROOT = bytes.fromhex("0010 0000 4153432d45312e3137000000".replace(" ", ""))
ETC_CID = bytes.fromhex("7b39633839646536622d6537 35372d34".replace(" ", ""))
RUST_CID = bytes.fromhex("ef07c8dd00644401a3a2459ef8e6143e")


def sacn_data(cid, name, priority, sync, seq, options, universe, start, slots):
    """A data packet with every flags/length word matching its size (126 + len(slots) bytes)."""
    total = 126 + len(slots)
    p = ACN_ROOT + struct.pack(">HI", 0x7000 | (total - 16), 4) + cid
    p += struct.pack(">HI", 0x7000 | (total - 38), 2) + name.ljust(64, b"\x00")
    p += struct.pack(">BHBBH", priority, sync, seq, options, universe)
    p += struct.pack(">HBBHHH", 0x7000 | (total - 115), 0x02, 0xA1, 0, 1, 1 + len(slots)) + bytes([start]) + slots
    assert len(p) == total
    return p


def sacn_sync(cid, seq, sync):
    return ACN_ROOT + struct.pack(">HI", 0x7021, 8) + cid + struct.pack(">HIBHH", 0x700B, 1, seq, sync, 0)


def sacn_discovery(cid, name, page, last, universes):
    total = 120 + 2 * len(universes)
    p = ACN_ROOT + struct.pack(">HI", 0x7000 | (total - 16), 8) + cid
    p += struct.pack(">HI", 0x7000 | (total - 38), 2) + name.ljust(64, b"\x00") + bytes(4)
    p += struct.pack(">HIBB", 0x7000 | (total - 112), 1, page, last) + b"".join(struct.pack(">H", u) for u in universes)
    assert len(p) == total
    return p


# ETCLabs/sACN test_levels_data: universe 1, priority 100, seq 0x22, "sACNView", 512 slots.
ETC_DATA = sacn_data(ETC_CID, b"sACNView", 100, 0, 0x22, 0, 1, 0x00, bytes((i * 7 + 3) & 0xFF for i in range(512)))
# RustLight/sacn data_parse_tests.rs: E1.31-2018 Appendix B (sync 7962, seq 154, "Source_A"), full,
# partial (29 slots) and empty (START code only).
RUST_DATA = sacn_data(RUST_CID, b"Source_A", 100, 7962, 154, 0, 1, 0x00, bytes(512))
RUST_PARTIAL = sacn_data(RUST_CID, b"Source_A", 100, 7962, 154, 0, 1, 0x00, bytes(29))
RUST_EMPTY = sacn_data(RUST_CID, b"Source_A", 100, 7962, 154, 0, 1, 0x00, b"")
# RustLight/sacn sync_parse_tests.rs: the Appendix B sync packet (sync address 7962).
RUST_SYNC = sacn_sync(RUST_CID, 0x70, 7962)
SACN = {
    "etc_levels_data": ETC_DATA,
    "rustlight_appendix_b_data": RUST_DATA,
    "rustlight_partial_data": RUST_PARTIAL,
    "rustlight_empty_data": RUST_EMPTY,
    "rustlight_sync": RUST_SYNC,
    "discovery_3_universes": sacn_discovery(RUST_CID, b"Discoverer", 0, 0, [1, 7, 63999]),
    "data_per_address_priority": sacn_data(ETC_CID, b"sACNView", 100, 0, 0x23, 0, 1, 0xDD, bytes([150] * 16)),
    "data_preview": sacn_data(ETC_CID, b"sACNView", 100, 0, 0x24, 0x80, 7, 0x00, bytes([255] * 8)),
    "data_start_code_cc": sacn_data(ETC_CID, b"sACNView", 100, 0, 0x25, 0, 7, 0xCC, bytes(8)),
    "data_terminated": sacn_data(ETC_CID, b"sACNView", 100, 0, 0x26, 0x40, 1, 0x00, bytes(8)),
    "data_universe_63999_prio_200": sacn_data(RUST_CID, b"Top", 200, 0, 1, 0, 63999, 0x00, bytes([9] * 24)),
}


def datagram(payload, source=1):
    return struct.pack("<H", len(payload)) + bytes([source]) + payload


def record(payload, sacn=False, timers=False, advance_50ms=0, source=1):
    """fuzz_receive_path record: [selector][length lo][length hi][source][payload]."""
    selector = (1 if sacn else 0) | (2 if timers else 0) | (advance_50ms << 2)
    return bytes([selector]) + struct.pack("<H", len(payload)) + bytes([source]) + payload


def write(harness, name, data):
    d = HERE / "corpus" / harness
    d.mkdir(parents=True, exist_ok=True)
    (d / name).write_bytes(data)


def main():
    for name, data in ARTNET.items():
        write("fuzz_artnet_parser", name, data)

    for name, data in SACN.items():
        write("fuzz_sacn_parser", name, data)

    # fuzz_receive_path: byte 0 = bit 0 drain after every step, bit 1 sACN 1 = Art-Net 0; then
    # records (see record()). The old [length][source] format is gone: clear its seeds first.
    rp = HERE / "corpus" / "fuzz_receive_path"
    if rp.is_dir():
        for f in rp.iterdir():
            if not f.name.startswith("regression_"):
                f.unlink()
    for name, data in ARTNET.items():
        write("fuzz_receive_path", name, b"\x01" + record(data))
    for name, data in SACN.items():
        write("fuzz_receive_path", "sacn_" + name, b"\x01" + record(data, sacn=True))
    write("fuzz_receive_path", "mixed_stream",
          b"\x01" + b"".join(record(d, sacn, i % 3 == 0, i % 4, i + 1) for i, (d, sacn) in enumerate(
              [(OLA_POLL, False), (OLA_DMX, False), (ETC_DATA, True), (GO_DMX, False), (SYNC, False),
               (RUST_SYNC, True), (ODD_DMX, False), (NZS, False), (ola_poll_reply(), False), (ADDRESS, False),
               (SACN["data_terminated"], True), (b"", False), (b"", True)])))
    # sACN 1 = Art-Net 0:0:0, and a source that times out (2 x 3.15 s of clock) between packets.
    write("fuzz_receive_path", "sacn_one_is_artnet_zero_timeout",
          b"\x03" + record(ETC_DATA, True) + record(b"", False, True, 63) + record(b"", False, True, 63)
          + record(SACN["data_per_address_priority"], True))
    # 12 frames for subscribed universes without draining: the 8-frame queue overflows.
    write("fuzz_receive_path", "queue_overflow",
          b"\x00" + b"".join(record(sacn_data(ETC_CID, b"q", 100, 0, i, 0, 7, 0, bytes([i] * 4)), True)
                             + record(OLA_DMX[:12] + bytes([i]) + OLA_DMX[13:], False, source=2) for i in range(12)))

    # fuzz_sacn_merger: FuzzedDataProvider bytes; varied seeds, some made of real packets.
    write("fuzz_sacn_merger", "zeros", bytes(256))
    write("fuzz_sacn_merger", "ramp", bytes(range(256)) * 4)
    write("fuzz_sacn_merger", "etc_levels_data", ETC_DATA)
    write("fuzz_sacn_merger", "rustlight_data_x4", RUST_PARTIAL * 4)

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
    write("fuzz_state_json", "outputs.json", b"""{"schema":3,"mappings":[{"universe":"0:0:1","channel":1,"target":1}],
 "output":{"enabled":true,"cid":"7b39c89d-e6be-4757-a472-58a1b2c3d4e5","sourceName":"DMX In","artnetSync":true,
  "universes":[{"name":"Stage","protocol":"artnet","universe":"0:0:5","destination":"unicast","addresses":["127.0.0.1"],
   "rateHz":44,"channels":[{"channel":1,"slot":1},{"channel":10,"sixteenBit":true,"fineChannel":20,"slot":2,
   "dmxMin":100,"dmxMax":60000,"invert":true}]},
   {"protocol":"sacn","universe":7,"destination":"multicast","interface":"0.0.0.0","priority":150,"channels":[]}]}}""")

    # fuzz_mapping_engine: FuzzedDataProvider bytes have no fixed layout; a few varied seeds.
    write("fuzz_mapping_engine", "zeros", bytes(64))
    write("fuzz_mapping_engine", "ramp", bytes(range(256)))
    write("fuzz_mapping_engine", "ola_dmx_slots", OLA_DMX * 8)
    write("fuzz_mapping_engine", "full_frame", GO_DMX)


if __name__ == "__main__":
    main()
