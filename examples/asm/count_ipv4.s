# count_ipv4: an XDP program in vep's annotated assembly (docs/asm.md).
# It counts IPv4 frames in slot 1 and all other frames in slot 0 of an
# array map, and drops frames shorter than an Ethernet header.
#
# The assertion after the bounds check is a cut point: it states what the
# rest of the program needs (the key stored at R10 - 4, and 14 readable
# packet bytes), and the checker forgets everything else there.
#
#   go run ./cmd/vep asm examples/asm/count_ipv4.s -o /tmp/count_ipv4.o
#   go run ./cmd/vep run /tmp/count_ipv4.o --packet examples/asm/ipv4.pkt
#   go run ./cmd/vep prove examples/asm/count_ipv4.s -o /tmp/count_ipv4.o
#   go run ./cmd/vep check /tmp/count_ipv4.o

	.license "GPL"
	.map counts, array, key=4, value=8, max_entries=2

	.section xdp
	.globl count_ipv4
count_ipv4:
	w2 = *(u32 *)(r1 + 4)           # ctx->data_end
	w1 = *(u32 *)(r1 + 0)           # ctx->data
	w0 = 1                          # XDP_DROP, and the key of the IPv4 slot
	*(u32 *)(r10 - 4) = w0
	r3 = r1
	r3 += 14
	if r3 > r2 goto LBB0_5          # shorter than struct ethhdr
	/*@ data_at(R10 - 4, u32, 1) && R1 + 14 <= R2 */
	w2 = *(u8 *)(r1 + 12)           # h_proto, network byte order
	w1 = *(u8 *)(r1 + 13)
	w1 <<= 8
	w1 |= w2
	if w1 == 8 goto LBB0_3          # ETH_P_IP
	w1 = 0
	*(u32 *)(r10 - 4) = w1
LBB0_3:
	r2 = r10
	r2 += -4
	r1 = counts ll
	call 1                          # bpf_map_lookup_elem
	r1 = r0
	w0 = 2                          # XDP_PASS
	if r1 == 0 goto LBB0_5
	r2 = 1
	lock *(u64 *)(r1 + 0) += r2
LBB0_5:
	exit
