/* linux/if_ether.h - vep hermetic header: Ethernet lengths, EtherTypes
 * and struct ethhdr (UAPI <linux/if_ether.h>). */
#ifndef _VEP_LINUX_IF_ETHER_H
#define _VEP_LINUX_IF_ETHER_H

#include <linux/types.h>

#define ETH_ALEN	6	/* octets in one Ethernet address */
#define ETH_TLEN	2	/* octets in the type field */
#define ETH_HLEN	14	/* octets in the header */
#define ETH_ZLEN	60	/* minimum frame length without FCS */
#define ETH_DATA_LEN	1500	/* maximum payload */
#define ETH_FRAME_LEN	1514	/* maximum frame length without FCS */
#define ETH_FCS_LEN	4	/* octets in the FCS */

#define ETH_P_LOOP	0x0060
#define ETH_P_IP	0x0800
#define ETH_P_ARP	0x0806
#define ETH_P_8021Q	0x8100
#define ETH_P_IPV6	0x86DD
#define ETH_P_MPLS_UC	0x8847
#define ETH_P_8021AD	0x88A8
#define ETH_P_ALL	0x0003

struct ethhdr {
	unsigned char h_dest[ETH_ALEN];
	unsigned char h_source[ETH_ALEN];
	__be16 h_proto;
} __attribute__((packed));

#endif /* _VEP_LINUX_IF_ETHER_H */
