/* linux/if_packet.h - vep hermetic header: packet types, the values of
 * __sk_buff.pkt_type (UAPI <linux/if_packet.h>). */
#ifndef _VEP_LINUX_IF_PACKET_H
#define _VEP_LINUX_IF_PACKET_H

#define PACKET_HOST		0	/* to us */
#define PACKET_BROADCAST	1	/* to all */
#define PACKET_MULTICAST	2	/* to group */
#define PACKET_OTHERHOST	3	/* to someone else */
#define PACKET_OUTGOING		4	/* outgoing of any type */
#define PACKET_LOOPBACK		5	/* multicast or broadcast frame looped back */
#define PACKET_USER		6	/* to user space */
#define PACKET_KERNEL		7	/* to kernel space */

#endif /* _VEP_LINUX_IF_PACKET_H */
