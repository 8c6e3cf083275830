/* linux/pkt_cls.h - vep hermetic header: the return codes of tc classifier
 * and action programs (UAPI <linux/pkt_cls.h>). */
#ifndef _VEP_LINUX_PKT_CLS_H
#define _VEP_LINUX_PKT_CLS_H

#define TC_ACT_UNSPEC		(-1)
#define TC_ACT_OK		0
#define TC_ACT_RECLASSIFY	1
#define TC_ACT_SHOT		2
#define TC_ACT_PIPE		3
#define TC_ACT_STOLEN		4
#define TC_ACT_QUEUED		5
#define TC_ACT_REPEAT		6
#define TC_ACT_REDIRECT		7
#define TC_ACT_TRAP		8
#define TC_ACT_VALUE_MAX	TC_ACT_TRAP

#endif /* _VEP_LINUX_PKT_CLS_H */
