// expect: safe
/* tcp_rwnd is a sock_ops program for connections on port 55601 (local or
 * remote) that answers BPF_SOCK_OPS_RWND_INIT: when both ends are IPv6 and
 * their addresses differ in the first 96 bits, the peers are taken to be
 * far apart and the initial receive window is raised to 40 packets;
 * otherwise the reply -1 keeps the kernel's default. */
#include <linux/bpf.h>
#include <linux/socket.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

#define PORT		55601
#define RWND_FAR	40

SEC("sockops")
int tcp_rwnd(struct bpf_sock_ops *skops)
{
	int rv = -1;

	if (bpf_ntohs((__u16)skops->remote_port) != PORT && skops->local_port != PORT) {
		skops->reply = -1;
		return 1;
	}

	if (skops->op == BPF_SOCK_OPS_RWND_INIT && skops->family == AF_INET6) {
		if (skops->local_ip6[0] != skops->remote_ip6[0] ||
		    skops->local_ip6[1] != skops->remote_ip6[1] ||
		    skops->local_ip6[2] != skops->remote_ip6[2])
			rv = RWND_FAR;
	}
	skops->reply = rv;
	return 1;
}

char LICENSE[] SEC("license") = "GPL";
