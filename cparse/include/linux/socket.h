/* linux/socket.h - vep hermetic header: the socket levels and options that
 * eBPF programs pass to bpf_setsockopt and bpf_getsockopt (values of the
 * kernel's <linux/socket.h> and UAPI <asm-generic/socket.h>). */
#ifndef _VEP_LINUX_SOCKET_H
#define _VEP_LINUX_SOCKET_H

#define AF_UNSPEC	0
#define AF_INET		2
#define AF_INET6	10

/* Levels. */
#define SOL_SOCKET	1
#define SOL_IP		0
#define SOL_TCP		6
#define SOL_IPV6	41

/* SOL_SOCKET options. */
#define SO_REUSEADDR		2
#define SO_KEEPALIVE		9
#define SO_SNDBUF		7
#define SO_RCVBUF		8
#define SO_PRIORITY		12
#define SO_RCVLOWAT		18
#define SO_BINDTODEVICE		25
#define SO_MARK			36
#define SO_MAX_PACING_RATE	47

#endif /* _VEP_LINUX_SOCKET_H */
