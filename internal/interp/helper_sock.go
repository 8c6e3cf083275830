package interp

import (
	"bytes"
	"encoding/binary"

	"vep/internal/elfobj"
	"vep/internal/isa"
)

// Socket option levels and the options bpf_setsockopt and bpf_getsockopt
// accept from sock_ops programs (net/core/filter.c, sol_*_sockopt).
const (
	solIP     = 0
	solSocket = 1
	solTCP    = 6
	solIPv6   = 41

	soBindToDevice = 25
	tcpCongestion  = 13
	tcpSavedSyn    = 28
	tcpBPFIW       = 1001
	tcpBPFSyn      = 1005 // TCP_BPF_SYN, _SYN_IP, _SYN_MAC: 1005 … 1007
	tcpBPFSynMAC   = 1007

	afInet  = 2
	afInet6 = 10

	errENODEV      = 19
	errENOPROTOOPT = 92
	errEOPNOTSUPP  = 95
)

// Integer options (optlen must be sizeof(int)) per level.
var (
	intSockopts = map[int32]map[int32]bool{
		solSocket: set32(2, 7, 8, 9, 12, 15, 18, 36, 47, 62, 74), // SO_REUSEADDR, SO_SNDBUF, SO_RCVBUF, SO_KEEPALIVE, SO_PRIORITY, SO_REUSEPORT, SO_RCVLOWAT, SO_MARK, SO_MAX_PACING_RATE, SO_BINDTOIFINDEX, SO_TXREHASH
		solTCP:    set32(1, 2, 4, 5, 6, 7, 10, 16, 18, 25, 27),   // TCP_NODELAY, TCP_MAXSEG, TCP_KEEPIDLE, TCP_KEEPINTVL, TCP_KEEPCNT, TCP_SYNCNT, TCP_WINDOW_CLAMP, TCP_THIN_LINEAR_TIMEOUTS, TCP_USER_TIMEOUT, TCP_NOTSENT_LOWAT, TCP_SAVE_SYN
		solIP:     set32(1),                                      // IP_TOS
		solIPv6:   set32(67, 70),                                 // IPV6_TCLASS, IPV6_AUTOFLOWLABEL
	}
	// bpfTCPSockopts are the set-only TCP_BPF_* options: TCP_BPF_IW,
	// TCP_BPF_SNDCWND_CLAMP, TCP_BPF_DELACK_MAX, TCP_BPF_RTO_MIN,
	// TCP_BPF_SOCK_OPS_CB_FLAGS.
	bpfTCPSockopts = set32(1001, 1002, 1003, 1004, 1008)
	congestionAlgs = []string{"cubic", "reno"}
)

func set32(vs ...int32) map[int32]bool {
	m := map[int32]bool{}
	for _, v := range vs {
		m[v] = true
	}
	return m
}

type sockoptKey struct{ level, name int32 }

// sockState is the fake socket a sock_ops program runs on: a full TCP
// socket of the family in bpf_sock_ops.family unless is_fullsock is 0,
// with the options set so far (getsockopt of an unset option reads 0 and
// the congestion control "cubic").
type sockState struct {
	opts map[sockoptKey][]byte
}

// sockOp returns bpf_sock_ops.op, .family and .is_fullsock from the
// context image.
func (r *run) sockOp() (op, family uint32, full bool) {
	c := r.ctx.data
	return binary.LittleEndian.Uint32(c[0:]), binary.LittleEndian.Uint32(c[20:]), binary.LittleEndian.Uint32(c[72:]) != 0
}

// sockoptArgs checks r1 ctx, r2 level, r3 optname, r4 optval, r5 optlen > 0.
func (r *run) sockoptArgs() (level, name int32, optval value, optlen int, f *faultMsg) {
	if f = r.argCtx(isa.R1); f != nil {
		return
	}
	l, f := r.argScalar(isa.R2)
	if f != nil {
		return
	}
	n, f := r.argScalar(isa.R3)
	if f != nil {
		return
	}
	if optval, f = r.argPtr(isa.R4); f != nil {
		return
	}
	optlen, f = r.argSize(isa.R5, false)
	return int32(l), int32(n), optval, optlen, f
}

// sockoptCheck returns the errno for an option the fake socket refuses
// before looking at its value, or 0.
func (r *run) sockoptCheck(level, name int32, optlen int, get bool) int {
	op, family, full := r.sockOp()
	if op > 15 { // past BPF_SOCK_OPS_WRITE_HDR_OPT_CB: socket not locked
		return errEOPNOTSUPP
	}
	if !full {
		return errEINVAL
	}
	switch level {
	case solIP:
		if family != afInet {
			return errEINVAL
		}
	case solIPv6:
		if family != afInet6 {
			return errEINVAL
		}
	case solSocket, solTCP:
	default:
		return errEINVAL
	}
	switch {
	case intSockopts[level][name]:
		if optlen != 4 {
			return errEINVAL
		}
	case level == solSocket && name == soBindToDevice:
		if get {
			return errEINVAL
		}
	case level == solTCP && name == tcpCongestion:
		if optlen < 2 {
			return errEINVAL
		}
	case level == solTCP && name == tcpSavedSyn:
	case level == solTCP && bpfTCPSockopts[name] && !get:
		if optlen != 4 {
			return errEINVAL
		}
	default:
		return errEINVAL
	}
	return 0
}

// setsockopt: r1 ctx, r2 level, r3 optname, r4 optval, r5 optlen. Reads
// optlen bytes and sets the option on the fake socket: 0, or -EINVAL for
// an option the kernel does not let BPF set (or a bad optlen, family or
// value), -EOPNOTSUPP in callbacks without the socket lock, -ENOENT for an
// unknown congestion control, -ENODEV for an unknown device.
func (r *run) setsockopt() (value, *faultMsg) {
	level, name, optval, optlen, f := r.sockoptArgs()
	if f != nil {
		return value{}, f
	}
	val, f := r.readMem(optval, optlen, "optval (r4)")
	if f != nil {
		return value{}, f
	}
	if e := r.sockoptCheck(level, name, optlen, false); e != 0 {
		return errno(e), nil
	}
	switch {
	case level == solSocket && name == soBindToDevice:
		dev, _, _ := bytes.Cut(val[:min(len(val), 15)], []byte{0})
		if len(dev) != 0 && string(dev) != "lo" {
			return errno(errENODEV), nil
		}
	case level == solTCP && name == tcpCongestion:
		alg, _, _ := bytes.Cut(val[:min(len(val), 15)], []byte{0})
		known := false
		for _, a := range congestionAlgs {
			known = known || string(alg) == a
		}
		if !known {
			return errno(errENOENT), nil
		}
		val = alg
	case level == solTCP && name == tcpSavedSyn:
		return errno(errENOPROTOOPT), nil
	case level == solTCP && name == tcpBPFIW:
		if int32(binary.LittleEndian.Uint32(val)) <= 0 {
			return errno(errEINVAL), nil
		}
	}
	if r.sock.opts == nil {
		r.sock.opts = map[sockoptKey][]byte{}
	}
	r.sock.opts[sockoptKey{level, name}] = val
	return scalar(0), nil
}

// getsockopt: r1 ctx, r2 level, r3 optname, r4 optval, r5 optlen. Writes
// all optlen bytes: the option's value, or zeros on error (-EINVAL for
// options the kernel does not let BPF read, -ENOENT for TCP_BPF_SYN* as no
// SYN is saved). In callbacks without the socket lock it returns
// -EOPNOTSUPP and leaves optval as it was (but initialised, as the
// verifier assumes).
func (r *run) getsockopt() (value, *faultMsg) {
	level, name, optval, optlen, f := r.sockoptArgs()
	if f != nil {
		return value{}, f
	}
	reg, o, f := r.helperMem(optval, optlen, true, "optval (r4)")
	if f != nil {
		return value{}, f
	}
	out := make([]byte, optlen)
	e := 0
	if op, _, _ := r.sockOp(); op > 15 {
		// The kernel returns before touching optval, which its verifier
		// nevertheless deems written: keep the bytes, now initialised.
		copy(out, reg.data[o:])
		if f := r.writeMem(optval, out, "optval (r4)"); f != nil {
			return value{}, f
		}
		return errno(errEOPNOTSUPP), nil
	} else if level == solTCP && name >= tcpBPFSyn && name <= tcpBPFSynMAC {
		e = errENOENT
	} else {
		e = r.sockoptCheck(level, name, optlen, true)
	}
	if e == 0 {
		cur := r.sock.opts[sockoptKey{level, name}]
		switch {
		case level == solTCP && name == tcpCongestion:
			if cur == nil {
				cur = []byte("cubic")
			}
			copy(out[:min(optlen-1, 16)], cur) // NUL-terminated, zero-padded
		case level == solTCP && name == tcpSavedSyn: // none saved: empty
		default:
			copy(out, cur)
		}
	}
	if f := r.writeMem(optval, out, "optval (r4)"); f != nil {
		return value{}, f
	}
	if e != 0 {
		return errno(e), nil
	}
	return scalar(0), nil
}

// sockMapUpdate: r1 ctx, r2 sockmap, r3 key, r4 flags. Adds the fake
// socket at index *key: -EOPNOTSUPP outside the established and listen
// callbacks, -EINVAL for flags above BPF_EXIST, -E2BIG for an index out
// of range, -EEXIST/-ENOENT as map_update_elem's flags demand.
func (r *run) sockMapUpdate() (value, *faultMsg) {
	if f := r.argCtx(isa.R1); f != nil {
		return value{}, f
	}
	m, f := r.argMap(isa.R2)
	if f != nil {
		return value{}, f
	}
	if m.def.Type != elfobj.MapSockMap {
		return value{}, faultf("map %s is not a sockmap", m.def.Name)
	}
	kp, f := r.argPtr(isa.R3)
	if f != nil {
		return value{}, f
	}
	if m.def.KeySize == 0 {
		return value{}, faultf("map %s has no keys", m.def.Name)
	}
	key, f := r.readMem(kp, int(m.def.KeySize), "key (r3)")
	if f != nil {
		return value{}, f
	}
	flags, f := r.argScalar(isa.R4)
	if f != nil {
		return value{}, f
	}
	const activeEstablished, passiveEstablished, listen = 4, 5, 11
	if op, _, _ := r.sockOp(); op != activeEstablished && op != passiveEstablished && op != listen {
		return errno(errEOPNOTSUPP), nil
	}
	if flags > flagExist {
		return errno(errEINVAL), nil
	}
	idx := binary.LittleEndian.Uint32(append(key, 0, 0, 0, 0))
	if idx >= m.def.MaxEntries {
		return errno(errE2BIG), nil
	}
	if m.socks == nil {
		m.socks = map[uint32]bool{}
	}
	switch {
	case m.socks[idx] && flags == flagNoExist:
		return errno(errEEXIST), nil
	case !m.socks[idx] && flags == flagExist:
		return errno(errENOENT), nil
	}
	m.socks[idx] = true
	return scalar(0), nil
}

// sockOpsAllCBFlags is BPF_SOCK_OPS_ALL_CB_FLAGS.
const sockOpsAllCBFlags = 0x7f

// sockOpsCBFlagsSet: r1 ctx, r2 flags (an int). Sets the socket's
// callback flags (bpf_sock_ops.bpf_sock_ops_cb_flags follows) and returns
// the requested flags the kernel does not know; -EOPNOTSUPP without the
// socket lock, -EINVAL on a request socket.
func (r *run) sockOpsCBFlagsSet() (value, *faultMsg) {
	if f := r.argCtx(isa.R1); f != nil {
		return value{}, f
	}
	v, f := r.argScalar(isa.R2)
	if f != nil {
		return value{}, f
	}
	op, _, full := r.sockOp()
	switch {
	case op > 15:
		return errno(errEOPNOTSUPP), nil
	case !full:
		return errno(errEINVAL), nil
	}
	arg := int32(v)
	binary.LittleEndian.PutUint32(r.ctx.data[84:], uint32(arg&sockOpsAllCBFlags))
	return scalar(uint64(int64(arg &^ sockOpsAllCBFlags))), nil
}
