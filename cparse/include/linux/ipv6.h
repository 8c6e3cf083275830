/* linux/ipv6.h - vep hermetic header: struct ipv6hdr (UAPI <linux/ipv6.h>)
 * with the little-endian bitfield order of the eBPF target. */
#ifndef _VEP_LINUX_IPV6_H
#define _VEP_LINUX_IPV6_H

#include <linux/types.h>
#include <linux/in6.h>

struct ipv6hdr {
	__u8 priority:4,
	     version:4;
	__u8 flow_lbl[3];
	__be16 payload_len;
	__u8 nexthdr;
	__u8 hop_limit;
	struct in6_addr saddr;
	struct in6_addr daddr;
};

#endif /* _VEP_LINUX_IPV6_H */
