package bpfcheck

import (
	"vep/internal/contracts"
	"vep/internal/isa"
)

// The kinds of the registers at cut points come from a forward data-flow
// analysis over the function. It is only a guess: every arrival at a cut
// point checks that the arriving kinds agree (see compatible), so a wrong
// guess can only make the checker reject.

func joinKind(a, b akind) akind {
	switch {
	case a == b:
		return a
	case a.k == kMapValue && b.k == kMapValue && a.m == b.m:
		return akind{k: kMapValue, m: a.m, atBase: a.atBase && b.atBase}
	case a.k == kUninit || b.k == kUninit:
		return akind{k: kUninit}
	}
	return akind{k: kInvalid}
}

// compatible reports whether a register of kind have may stand where the
// cut point expects kind want.
func compatible(have, want akind) bool {
	switch {
	case want.k == kUninit || want.k == kInvalid:
		return true
	case want.k == kMapValue:
		return have.k == kMapValue && have.m == want.m && (have.atBase || !want.atBase)
	}
	return have.k == want.k && have.m == want.m
}

type kinds [11]akind

// flowKinds returns the kinds before each cut point of r.f.
func (r *run) flowKinds(entry kinds) map[int]kinds {
	f := r.f
	in := make([]*kinds, f.end-f.start)
	e := entry
	in[0] = &e
	work := []int{f.start}
	queued := map[int]bool{f.start: true}
	for len(work) > 0 {
		i := work[len(work)-1]
		work = work[:len(work)-1]
		queued[i] = false
		out := r.transfer(i, *in[i-f.start])
		succ, _ := f.succs(i)
		for _, t := range succ {
			p := in[t-f.start]
			changed := false
			if p == nil {
				o := out
				in[t-f.start] = &o
				changed = true
			} else {
				for k := range p {
					j := joinKind(p[k], out[k])
					if j != p[k] {
						p[k] = j
						changed = true
					}
				}
			}
			if changed && !queued[t] {
				queued[t] = true
				work = append(work, t)
			}
		}
	}
	res := map[int]kinds{}
	for i := range f.cuts {
		if i >= f.start && i < f.end && in[i-f.start] != nil {
			res[i] = *in[i-f.start]
		}
	}
	return res
}

// transfer mirrors the kind effect of instruction i.
func (r *run) transfer(i int, k kinds) kinds {
	ins := r.f.sec.Insns[i]
	op := ins.OpCode
	d := ins.Dst
	if d > isa.R10 {
		return k
	}
	scalar := akind{k: kScalar}
	switch c := op.Class(); {
	case c.IsALU():
		if d == isa.R10 {
			return k
		}
		if c == isa.ClassALU {
			k[d] = scalar
			return k
		}
		switch op.ALUOp() {
		case isa.ALUMov:
			if op.Source() == isa.SourceX && ins.Offset == 0 && ins.Src <= isa.R10 {
				k[d] = k[ins.Src]
				if ins.Src == isa.R10 {
					k[d] = akind{k: kStack}
				}
			} else {
				k[d] = scalar
			}
		case isa.ALUAdd, isa.ALUSub:
			var s akind = scalar
			if op.Source() == isa.SourceX && ins.Src <= isa.R10 {
				s = k[ins.Src]
				if ins.Src == isa.R10 {
					s = akind{k: kStack}
				}
			}
			dk := k[d]
			switch {
			case dk.k.isPointer() && s.k == kScalar:
				if dk.k == kMapValue && !(op.Source() == isa.SourceK && ins.Constant == 0) {
					dk.atBase = false
				}
				k[d] = dk
			case dk.k == kScalar && s.k.isPointer() && op.ALUOp() == isa.ALUAdd:
				if s.k == kMapValue {
					s.atBase = false
				}
				k[d] = s
			case dk.k.isPointer() && s.k.isPointer():
				k[d] = scalar
			default:
				k[d] = akind{k: kInvalid}
				if dk.k == kScalar && s.k == kScalar {
					k[d] = scalar
				}
			}
		default:
			k[d] = scalar
		}
	case ins.IsLoadImm64():
		if m, ok := r.f.maps[i]; ok {
			k[d] = akind{k: kMap, m: m}
		} else {
			k[d] = scalar
		}
	case c == isa.ClassLDX:
		fromCtx := ins.Src <= isa.R10 && k[ins.Src].k == kCtx // before d is overwritten: d may be the base
		k[d] = scalar
		if fromCtx && r.prog != nil {
			fl, err := r.prog.Context.Access(int64(ins.Offset), int64(op.Size().Bytes()), false)
			switch {
			case err != nil:
				k[d] = akind{k: kInvalid}
			case fl.Kind == contracts.PacketData:
				k[d] = akind{k: kPacket}
			case fl.Kind == contracts.PacketEnd:
				k[d] = akind{k: kPacketEnd}
			case fl.Kind == contracts.PacketMeta:
				k[d] = akind{k: kInvalid}
			}
		}
	case ins.IsAtomic():
		if ins.Constant == isa.AtomicCmpXchg {
			k[0] = scalar
		} else if ins.Constant&isa.AtomicFetch != 0 && ins.Src <= isa.R10 {
			k[ins.Src] = scalar
		}
	case ins.IsHelperCall():
		k[0] = scalar
		if h, ok := contracts.Helper(int32(ins.Constant)); ok {
			mp := h.MapParam()
			if mp >= 0 && (k[1+mp].k == kMap || k[1+mp].k == kInnerMap) {
				m, mt := k[1+mp].m, r.c.mapType(k[1+mp].m)
				if k[1+mp].k == kInnerMap {
					m, mt = innerOf(m), r.c.innerMapType(m)
				}
				if v, err := h.Variant(mt); err == nil {
					switch v.Ret {
					case contracts.RetVoid:
						k[0] = akind{}
					case contracts.RetMapValueOrNull:
						k[0] = akind{k: kMapValue, m: m, atBase: true}
					case contracts.RetInnerMapOrNull:
						k[0] = akind{k: kInnerMap, m: m}
					}
				}
			} else if mp < 0 && len(h.Variants) == 1 && h.Variants[0].Ret == contracts.RetVoid {
				k[0] = akind{}
			}
			if h.ChangesPacketData {
				for j := range k {
					if k[j].k == kPacket || k[j].k == kPacketEnd {
						k[j] = akind{k: kInvalid}
					}
				}
			}
		}
		for j := 1; j <= 5; j++ {
			k[j] = akind{}
		}
	case ins.IsCall():
		k[0] = scalar
		for j := 1; j <= 5; j++ {
			k[j] = akind{}
		}
	}
	return k
}
