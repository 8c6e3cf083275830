package interp

import "fmt"

// ctxPtr says which packet pointer a context field holds.
type ctxPtr uint8

const (
	ctxScalar   ctxPtr = iota
	ctxData            // packet data start
	ctxDataEnd         // packet data end
	ctxDataMeta        // packet metadata start
)

// ctxField is one field of a structured context.
type ctxField struct {
	off, size int
	write     bool   // programs may store to it (whole field only)
	ptr       ctxPtr // a packet pointer, readable only as a whole
}

// ctxLayout describes which bytes of a program type's context are
// accessible. A structured layout lists fields; every access must lie in
// one field, be naturally aligned, and be either the whole field or (for a
// scalar read-only access) a narrower part of it. A generic layout allows
// naturally aligned reads of 1, 2, 4 or 8 bytes at offsets from min up to
// the size of the image, and no writes.
type ctxLayout struct {
	size   int        // size of the context struct; 0: the input's length
	min    int        // generic: lowest readable offset
	fields []ctxField // nil: generic
	whole  bool       // every access must cover a whole field
}

// XDP's struct xdp_md: six u32 fields, read-only, whole reads only.
var xdpLayout = &ctxLayout{size: 24, whole: true, fields: []ctxField{
	{off: 0, size: 4, ptr: ctxData},
	{off: 4, size: 4, ptr: ctxDataEnd},
	{off: 8, size: 4, ptr: ctxDataMeta},
	{off: 12, size: 4}, // ingress_ifindex
	{off: 16, size: 4}, // rx_queue_index
	{off: 20, size: 4}, // egress_ifindex
}}

// skbCommon lists the struct __sk_buff fields readable by socket filters
// and tc programs: len, pkt_type, mark, queue_mapping, protocol,
// vlan_present, vlan_tci, vlan_proto, priority, ingress_ifindex, ifindex,
// tc_index, hash (cb[] is added per type).
func skbCommon(writable map[int]bool) []ctxField {
	var fs []ctxField
	for off := 0; off < 48; off += 4 {
		fs = append(fs, ctxField{off: off, size: 4, write: writable[off]})
	}
	for off := 48; off < 68; off += 4 { // cb[5]
		fs = append(fs, ctxField{off: off, size: 4, write: true})
	}
	fs = append(fs, ctxField{off: 68, size: 4}) // hash
	return fs
}

// Socket filters: no direct packet access, only cb[] is writable.
var socketLayout = &ctxLayout{size: 192, fields: append(skbCommon(nil),
	ctxField{off: 84, size: 4},  // napi_id
	ctxField{off: 164, size: 4}, // gso_segs
	ctxField{off: 176, size: 4}, // gso_size
)}

// tc programs: direct packet access, and mark, queue_mapping, priority,
// tc_index, cb[], tc_classid and tstamp are writable.
var tcLayout = &ctxLayout{size: 192, fields: append(
	skbCommon(map[int]bool{8: true, 12: true, 32: true, 44: true}),
	ctxField{off: 72, size: 4, write: true}, // tc_classid
	ctxField{off: 76, size: 4, ptr: ctxData},
	ctxField{off: 80, size: 4, ptr: ctxDataEnd},
	ctxField{off: 84, size: 4}, // napi_id
	ctxField{off: 140, size: 4, ptr: ctxDataMeta},
	ctxField{off: 152, size: 8, write: true}, // tstamp
	ctxField{off: 160, size: 4},              // wire_len
	ctxField{off: 164, size: 4},              // gso_segs
	ctxField{off: 176, size: 4},              // gso_size
	ctxField{off: 184, size: 8},              // hwtstamp
)}

// sockops programs: struct bpf_sock_ops, whole u32 reads of op, args,
// the connection fields and skb_len/skb_tcp_flags, u64 reads of
// bytes_received and bytes_acked; reply and sk_txhash are writable. The
// socket and packet pointers (sk, skb_data, skb_data_end) are not modelled.
var sockOpsLayout = func() *ctxLayout {
	l := &ctxLayout{size: 216, whole: true}
	for off := 0; off < 168; off += 4 {
		l.fields = append(l.fields, ctxField{off: off, size: 4, write: off == 4 || off == 164})
	}
	l.fields = append(l.fields, ctxField{off: 168, size: 8}, ctxField{off: 176, size: 8},
		ctxField{off: 208, size: 4}, ctxField{off: 212, size: 4})
	return l
}()

var (
	kprobeLayout    = &ctxLayout{size: 168} // struct pt_regs (x86-64)
	perfEventLayout = &ctxLayout{size: 184} // struct bpf_perf_event_data
	tracepointLay   = &ctxLayout{min: 8}    // the record; common fields hidden
	rawTPLayout     = &ctxLayout{size: 0}   // u64 args[]
	layouts         = map[progType]*ctxLayout{
		progSocketFilter:  socketLayout,
		progXDP:           xdpLayout,
		progSchedCls:      tcLayout,
		progKprobe:        kprobeLayout,
		progTracepoint:    tracepointLay,
		progRawTracepoint: rawTPLayout,
		progPerfEvent:     perfEventLayout,
		progSockOps:       sockOpsLayout,
	}
)

// check validates a context access of size bytes at off and returns the
// field's packet-pointer kind. image is the context's byte length.
func (l *ctxLayout) check(off int64, size int, write, signExt bool, image int) (ctxPtr, *faultMsg) {
	if off < 0 || off+int64(size) > int64(image) {
		return 0, faultf("context access at offset %d, size %d is outside the %d-byte context", off, size, image)
	}
	if off%int64(size) != 0 {
		return 0, faultf("misaligned context access at offset %d, size %d", off, size)
	}
	if l.fields == nil {
		if write {
			return 0, faultf("write to read-only context at offset %d", off)
		}
		if off < int64(l.min) {
			return 0, faultf("context offset %d is not readable (first readable offset is %d)", off, l.min)
		}
		return ctxScalar, nil
	}
	for _, f := range l.fields {
		if off < int64(f.off) || off >= int64(f.off+f.size) {
			continue
		}
		switch {
		case off+int64(size) > int64(f.off+f.size):
			return 0, faultf("context access at offset %d, size %d spans two fields", off, size)
		case write && !f.write:
			return 0, faultf("context field at offset %d is read-only", f.off)
		case (write || l.whole || f.ptr != ctxScalar) && size != f.size:
			return 0, faultf("context field at offset %d must be accessed with size %d, not %d", f.off, f.size, size)
		case f.ptr != ctxScalar && signExt:
			return 0, faultf("sign-extending load of packet pointer field at offset %d", f.off)
		}
		return f.ptr, nil
	}
	return 0, faultf("context offset %d is not accessible", off)
}

// contextImage builds the initial context bytes for a run.
func contextImage(t progType, l *ctxLayout, in []byte) ([]byte, error) {
	if l.size == 0 {
		return append([]byte(nil), in...), nil
	}
	if len(in) > l.size {
		return nil, fmt.Errorf("context image is %d bytes, the %s context has %d", len(in), t, l.size)
	}
	img := make([]byte, l.size)
	copy(img, in)
	return img, nil
}
