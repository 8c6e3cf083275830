package interp

import (
	"vep/internal/isa"
)

// frame is one activation of a function.
type frame struct {
	sec   *section
	ret   int      // instruction index in the caller's section to resume at
	saved [4]value // the caller's R6-R9
	stack *region
}

// run is the state of one execution.
type run struct {
	m      *Machine
	typ    progType
	layout *ctxLayout
	regs   [11]value
	frames []*frame
	sec    *section // section of the current instruction
	pc     int      // index of the current instruction

	ctx             *region
	pkt             *region // nil for programs without a packet
	meta, data, end int64   // packet bounds as offsets into pkt.data

	sock      sockState   // the socket of a sock_ops program
	tailCalls int         // tail calls made so far
	tail      *tailTarget // set by a successful bpf_tail_call

	res Result
}

// maxFrames is the maximum call depth (MAX_CALL_FRAMES).
const maxFrames = 8

func (m *Machine) newRun(s *section, typ progType, in Input) (*run, error) {
	layout := layouts[typ]
	img, err := contextImage(typ, layout, in.Context)
	if err != nil {
		return nil, err
	}
	r := &run{m: m, typ: typ, layout: layout, sec: s}
	r.ctx = &region{kind: regionContext, name: "context", data: img, base: m.bases.alloc()}
	if typ.hasPacket() {
		buf := make([]byte, max(PacketFrameEnd, PacketHeadroom+len(in.Packet)))
		copy(buf[PacketHeadroom:], in.Packet)
		r.pkt = &region{kind: regionPacket, name: "packet", data: buf, writable: typ != progSocketFilter, base: m.bases.alloc()}
		r.meta, r.data = PacketHeadroom, PacketHeadroom
		r.end = r.data + int64(len(in.Packet))
		if typ == progSocketFilter || typ == progSchedCls {
			le32put(img[0:], uint32(len(in.Packet))) // len
			if len(in.Packet) >= ethHeaderLen {      // protocol, network byte order
				img[16], img[17], img[18], img[19] = in.Packet[12], in.Packet[13], 0, 0
			}
		}
	}
	f := &frame{sec: s, stack: newStack(m.bases.alloc(), 0)}
	r.frames = []*frame{f}
	r.regs[isa.R1] = pointer(r.ctx, 0)
	r.regs[isa.R10] = pointer(f.stack, stackSize)
	return r, nil
}

// exec runs until exit from the entry function, a fault or the step limit.
func (r *run) exec() *Result {
	limit := r.m.opts.StepLimit
	for {
		if r.pc >= len(r.sec.insns) {
			r.fault(faultf("execution fell off the end of section %s", r.sec.name))
			break
		}
		if r.res.Steps >= limit {
			r.fault(faultf("step limit of %d instructions exceeded", limit))
			break
		}
		r.res.Steps++
		done, f := r.step()
		if f != nil {
			r.fault(f)
			break
		}
		if done {
			break
		}
	}
	if r.pkt != nil && r.res.Fault == nil {
		r.res.Packet = append([]byte{}, r.pkt.data[r.data:r.end]...)
	}
	return &r.res
}

func (r *run) fault(f *faultMsg) {
	r.res.Fault = &Fault{Section: r.sec.name, Func: r.sec.funcAt(r.pc), PC: r.pc, Msg: f.msg}
}

// read returns the value of register reg; reading an uninitialised
// register or one holding a pointer into an invalidated region faults.
func (r *run) read(reg isa.Register) (value, *faultMsg) {
	v := r.regs[reg]
	switch {
	case v.k == kindUninit:
		return v, faultf("read of uninitialised register r%d", reg)
	case v.k == kindPtr && v.reg.dead:
		return v, faultf("r%d holds a pointer into %s, %s", reg, v.reg.name, v.reg.deadMsg)
	}
	return v, nil
}

// step executes the instruction at r.pc and advances r.pc. It reports
// whether the program exited.
func (r *run) step() (bool, *faultMsg) {
	ins := r.sec.insns[r.pc]
	a := &r.sec.aux[r.pc]
	switch c := ins.OpCode.Class(); c {
	case isa.ClassALU, isa.ClassALU64:
		if f := r.alu(ins); f != nil {
			return false, f
		}
	case isa.ClassJMP, isa.ClassJMP32:
		switch ins.OpCode.JumpOp() {
		case isa.JumpExit:
			return r.exit()
		case isa.JumpCall:
			return false, r.call(ins, a)
		}
		taken, f := r.branch(ins)
		if f != nil {
			return false, f
		}
		if taken {
			r.pc = a.target
			return false, nil
		}
	case isa.ClassLD:
		if !ins.IsLoadImm64() {
			return r.legacyLoad(ins)
		}
		if f := r.loadImm64(ins, a); f != nil {
			return false, f
		}
	case isa.ClassLDX:
		if f := r.load(ins); f != nil {
			return false, f
		}
	case isa.ClassST, isa.ClassSTX:
		var f *faultMsg
		if ins.OpCode.Mode() == isa.ModeATOMIC {
			f = r.atomic(ins)
		} else {
			f = r.store(ins)
		}
		if f != nil {
			return false, f
		}
	}
	r.pc++
	return false, nil
}

// loadImm64 executes lddw: a constant, a map handle or a map value address.
func (r *run) loadImm64(ins isa.Instruction, a *aux) *faultMsg {
	switch {
	case a.badLd != "":
		return faultf("%s", a.badLd)
	case a.isValue:
		r.regs[ins.Dst] = pointer(a.mapRef.array[0], a.valOff)
	case a.mapRef != nil:
		r.regs[ins.Dst] = mapHandle(a.mapRef)
	default:
		r.regs[ins.Dst] = scalar(uint64(ins.Constant))
	}
	return nil
}

func le32put(b []byte, v uint32) {
	b[0], b[1], b[2], b[3] = byte(v), byte(v>>8), byte(v>>16), byte(v>>24)
}
