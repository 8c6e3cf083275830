// expect: safe
/* tcp_iw is a sock_ops program for connections on port 55601 (local or
 * remote): it sets the send and receive buffers of new connections with
 * bpf_setsockopt(SOL_SOCKET, SO_SNDBUF / SO_RCVBUF), the initial congestion
 * window of active connections with bpf_setsockopt(SOL_TCP, TCP_BPF_IW) and
 * answers the initial receive window request. The helpers' results are
 * returned to the kernel in skops->reply. */
#include <linux/bpf.h>
#include <linux/socket.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

#define PORT		55601
#define BUFSIZE		1500000
#define IW		40
#define RWND_INIT	40

SEC("sockops")
int tcp_iw(struct bpf_sock_ops *skops)
{
	int bufsize = BUFSIZE;
	int iw = IW;
	int rv;

	/* remote_port holds the port in network byte order in its low 16
	 * bits; local_port holds it in host byte order. */
	if (bpf_ntohs((__u16)skops->remote_port) != PORT && skops->local_port != PORT) {
		skops->reply = -1;
		return 1;
	}

	switch (skops->op) {
	case BPF_SOCK_OPS_RWND_INIT:
		rv = RWND_INIT;
		break;
	case BPF_SOCK_OPS_TCP_CONNECT_CB:
	case BPF_SOCK_OPS_PASSIVE_ESTABLISHED_CB:
		rv = bpf_setsockopt(skops, SOL_SOCKET, SO_SNDBUF, &bufsize, sizeof(bufsize));
		rv += bpf_setsockopt(skops, SOL_SOCKET, SO_RCVBUF, &bufsize, sizeof(bufsize));
		break;
	case BPF_SOCK_OPS_ACTIVE_ESTABLISHED_CB:
		rv = bpf_setsockopt(skops, SOL_TCP, TCP_BPF_IW, &iw, sizeof(iw));
		break;
	default:
		rv = -1;
	}
	skops->reply = rv;
	return 1;
}

char LICENSE[] SEC("license") = "GPL";
