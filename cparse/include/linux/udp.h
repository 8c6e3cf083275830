/* linux/udp.h - vep hermetic header: struct udphdr (UAPI <linux/udp.h>). */
#ifndef _VEP_LINUX_UDP_H
#define _VEP_LINUX_UDP_H

#include <linux/types.h>

struct udphdr {
	__be16 source;
	__be16 dest;
	__be16 len;
	__sum16 check;
};

#endif /* _VEP_LINUX_UDP_H */
