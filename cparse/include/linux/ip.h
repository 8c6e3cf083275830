/* linux/ip.h - vep hermetic header: struct iphdr (UAPI <linux/ip.h>) with
 * the little-endian bitfield order of the eBPF target. */
#ifndef _VEP_LINUX_IP_H
#define _VEP_LINUX_IP_H

#include <linux/types.h>

#define IPTOS_TOS_MASK	0x1E
#define IPVERSION	4
#define MAXTTL		255
#define IPDEFTTL	64

/* Bits of iphdr.frag_off, in host byte order. */
#define IP_CE		0x8000	/* congestion */
#define IP_DF		0x4000	/* don't fragment */
#define IP_MF		0x2000	/* more fragments */
#define IP_OFFSET	0x1FFF	/* fragment offset part */

struct iphdr {
	__u8 ihl:4,
	     version:4;
	__u8 tos;
	__be16 tot_len;
	__be16 id;
	__be16 frag_off;
	__u8 ttl;
	__u8 protocol;
	__sum16 check;
	__be32 saddr;
	__be32 daddr;
	/* options follow */
};

#endif /* _VEP_LINUX_IP_H */
