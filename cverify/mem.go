package cverify

import (
	"fmt"
	"math/big"

	"vep/cparse"
	"vep/internal/contracts"
	"vep/sep"
)

// checkPtr checks that p may be dereferenced at all (kind, null, packet
// generation); it reports the failure and returns false otherwise.
func (v *verifier) checkPtr(st *state, pos cparse.Pos, p value) bool {
	switch p.k {
	case kScalar:
		if c := asConst(p.t); c != nil && c.Sign() == 0 {
			v.fail(pos, "dereference of a null pointer", nil, nil)
		} else {
			v.fail(pos, "dereference of a value that is not a valid pointer (an integer, or a pointer the verifier lost track of)", nil, nil)
		}
		return false
	case kMap:
		v.fail(pos, "dereference of a map pointer: use bpf_map_lookup_elem to reach a value", nil, nil)
		return false
	case kPktEnd:
		v.fail(pos, "dereference of the packet end pointer (data_end)", nil, nil)
		return false
	}
	if p.nullID > 0 && !st.null[p.nullID] {
		v.fail(pos, "map value may be null: check the result of bpf_map_lookup_elem before using it", nil, nil)
		return false
	}
	if p.k == kPacket && p.gen != st.gen {
		v.fail(pos, fmt.Sprintf("packet pointer used after %s invalidated it", st.killer[p.gen]), nil, nil)
		return false
	}
	if p.k == kStack && st.regions[p.region].dead != "" {
		v.fail(pos, st.regions[p.region].dead, nil, nil)
		return false
	}
	return true
}

// checkBounds proves that [off, off+w) lies in the memory p points to.
// write selects the context rule; what names the access for messages.
func (v *verifier) checkBounds(st *state, pos cparse.Pos, p value, w sep.Term, write bool, what string) bool {
	if !v.checkPtr(st, pos, p) {
		return false
	}
	switch p.k {
	case kPacket:
		pe := st.pkt[p.gen]
		goal := v.conj(cmp(sep.Le, pe[0], p.t), cmp(sep.Le, tadd(p.t, w), pe[1]))
		if pr := v.prove(st, goal); !pr.ok {
			v.fail(pos, fmt.Sprintf("packet access out of bounds: %s %s bytes at data + %s may run past data_end", what, w, offsetFrom(p.t, pe[0])), goal, &pr)
			return false
		}
	case kMapVal:
		goal := v.conj(cmp(sep.Le, num(0), p.t), cmp(sep.Le, tadd(p.t, w), num(p.m.ValueSize)))
		if pr := v.prove(st, goal); !pr.ok {
			v.fail(pos, fmt.Sprintf("map value access out of bounds: %s %s bytes at offset %s of a %d-byte value of %s", what, w, p.t, p.m.ValueSize, p.m.Name), goal, &pr)
			return false
		}
	case kStack:
		r := st.regions[p.region]
		goal := v.conj(cmp(sep.Le, num(0), p.t), cmp(sep.Le, tadd(p.t, w), r.sizeT))
		if pr := v.prove(st, goal); !pr.ok {
			v.fail(pos, fmt.Sprintf("stack access out of bounds: %s %s bytes at offset %s of %s, which has %s bytes; buffer too small", what, w, p.t, r.name, r.sizeT), goal, &pr)
			return false
		}
	case kCtx:
		off, ok := constInt64(p.t)
		wc, ok2 := constInt64(w)
		if !ok || !ok2 {
			v.fail(pos, "context access at a variable offset", nil, nil)
			return false
		}
		if v.pt == nil {
			v.fail(pos, "context access outside an entry point", nil, nil)
			return false
		}
		if _, err := v.pt.Context.Access(off, wc, write); err != nil {
			v.fail(pos, "invalid context access: "+err.Error(), nil, nil)
			return false
		}
	}
	return true
}

// checkInit proves that the stack bytes [off, off+w) of region p are
// initialised.
func (v *verifier) checkInit(st *state, pos cparse.Pos, p value, w sep.Term) bool {
	if p.k != kStack {
		return true
	}
	r := st.regions[p.region]
	for _, s := range r.ranges {
		goal := and(cmp(sep.Le, s.lo, p.t), cmp(sep.Le, tadd(p.t, w), s.hi))
		if pr := v.prove(st, goal); pr.ok {
			return true
		}
	}
	empty := func() bool {
		pr := v.prove(st, cmp(sep.Le, w, num(0)))
		return pr.ok
	}
	if r.sym {
		if empty() {
			return true
		}
		goal := sep.Formula(&sep.Bool{Val: false})
		if len(r.ranges) > 0 {
			s := r.ranges[0]
			goal = and(cmp(sep.Le, s.lo, p.t), cmp(sep.Le, tadd(p.t, w), s.hi))
		}
		pr := v.prove(st, goal)
		v.fail(pos, fmt.Sprintf("may read uninitialised memory: %s bytes at offset %s of %s", w, p.t, r.name), goal, &pr)
		return false
	}
	off, ok := constInt64(p.t)
	wc, ok2 := constInt64(w)
	if ok && ok2 {
		for i := off; i < off+wc; i++ {
			if !r.cells[i].init {
				v.fail(pos, fmt.Sprintf("read of uninitialised stack memory: byte %d of %s", i, r.name), nil, nil)
				return false
			}
		}
		return true
	}
	if empty() {
		return true
	}
	for a := int64(0); a < r.size; {
		if r.cells[a].init {
			a++
			continue
		}
		b := a
		for b < r.size && !r.cells[b].init {
			b++
		}
		goal := &sep.Or{X: cmp(sep.Le, tadd(p.t, w), num(a)), Y: cmp(sep.Le, num(b), p.t)}
		if pr := v.prove(st, goal); !pr.ok {
			v.fail(pos, fmt.Sprintf("may read uninitialised stack memory: bytes %d to %d of %s are not initialised", a, b-1, r.name), goal, &pr)
			return false
		}
		a = b
	}
	return true
}

// load reads a value of type typ at p (a bit-field when f has a width).
func (v *verifier) load(st *state, pos cparse.Pos, p value, typ cparse.Type, f *cparse.Field) (value, bool) {
	w := typ.Size()
	if f != nil && f.BitWidth > 0 {
		w = f.UnitSize
	}
	if _, ok := typ.(*cparse.StructType); ok {
		v.fail(pos, "unsupported: reading a whole struct or union as a value", nil, nil)
		return value{}, false
	}
	if _, ok := typ.(*cparse.ArrayType); ok {
		v.fail(pos, "unsupported: reading a whole array as a value", nil, nil)
		return value{}, false
	}
	if !v.checkBounds(st, pos, p, num(w), false, "read of") || !v.checkInit(st, pos, p, num(w)) {
		return value{}, false
	}
	if f != nil && f.BitWidth > 0 {
		hi := new(big.Int).Sub(new(big.Int).Lsh(big.NewInt(1), uint(f.BitWidth)), big.NewInt(1))
		return scalar(v.freshIn("bits", big.NewInt(0), hi), typ), true
	}
	switch p.k {
	case kStack:
		r := st.regions[p.region]
		if r.sym {
			break
		}
		if off, ok := constInt64(p.t); ok {
			rec := r.cells[off].rec
			if rec != nil && rec.off == off && rec.w == w {
				same := true
				for i := off; i < off+w; i++ {
					same = same && r.cells[i].rec == rec
				}
				if same {
					return v.reinterpret(st, rec.v, typ), true
				}
			}
			zero := true
			for i := off; i < off+w; i++ {
				zero = zero && r.cells[i].zero
			}
			if zero {
				return scalar(num(0), typ), true
			}
		} else {
			zero := true
			for i := range r.cells {
				zero = zero && r.cells[i].zero
			}
			if zero {
				return scalar(num(0), typ), true
			}
		}
	case kCtx:
		off, _ := constInt64(p.t)
		fd, _ := v.pt.Context.Access(off, w, false)
		switch fd.Kind {
		case contracts.PacketData, contracts.PacketEnd:
			pe := v.packet(st)
			if fd.Kind == contracts.PacketData {
				return value{k: kPacket, t: pe[0], typ: typ, gen: st.gen}, true
			}
			return value{k: kPktEnd, t: pe[1], typ: typ, gen: st.gen}, true
		}
	}
	return scalar(v.fresh(hintOf(typ), typ), typ), true
}

func hintOf(t cparse.Type) string {
	if _, ok := t.(*cparse.PointerType); ok {
		return "ptr"
	}
	return "val"
}

// packet returns the data and data_end of the current generation, making
// them on first use.
func (v *verifier) packet(st *state) [2]sep.Term {
	if pe, ok := st.pkt[st.gen]; ok {
		return pe
	}
	// Packet addresses are kernel addresses, far from both ends of the
	// address space.
	lo, u := new(big.Int).Lsh(big.NewInt(1), 40), new(big.Int).Lsh(big.NewInt(1), 62)
	d := v.freshIn("data", lo, u)
	e := v.freshIn("data_end", lo, u)
	v.hints[d.(*sep.Var).Name] = "data"
	v.hints[e.(*sep.Var).Name] = "data_end"
	st.pkt[st.gen] = [2]sep.Term{d, e}
	st.addFact(cmp(sep.Le, d, e))
	return st.pkt[st.gen]
}

// reinterpret reads a stored value back at type typ of the same width.
func (v *verifier) reinterpret(st *state, x value, typ cparse.Type) value {
	if x.k != kScalar {
		x.typ = typ
		return x
	}
	return v.convertInt(st, x, typ)
}

// store writes x (of width w) at p.
func (v *verifier) store(st *state, pos cparse.Pos, p value, w int64, x value, f *cparse.Field) bool {
	if f != nil && f.BitWidth > 0 {
		w = f.UnitSize
	}
	if !v.checkBounds(st, pos, p, num(w), true, "write of") {
		return false
	}
	if f != nil && f.BitWidth > 0 && !v.checkInit(st, pos, p, num(w)) {
		return false
	}
	if p.k != kStack {
		return true
	}
	r := st.regions[p.region]
	r.written()
	if fv, ok := x.t.(*sep.Var); ok && x.k == kScalar && !r.shared {
		if _, named := v.hints[fv.Name]; !named {
			v.hints[fv.Name] = r.name
		}
	}
	off, ok := constInt64(p.t)
	if !ok || r.sym {
		v.addRange(st, r, p.t, tadd(p.t, num(w)))
		for i := range r.cells {
			if r.cells[i].init {
				r.cells[i] = cell{init: true}
			}
		}
		return true
	}
	if f != nil && f.BitWidth > 0 {
		for i := off; i < off+w; i++ {
			r.cells[i] = cell{init: true}
		}
		return true
	}
	rec := &record{off: off, w: w, v: x}
	zero := x.k == kScalar && asConst(x.t) != nil && asConst(x.t).Sign() == 0
	for i := off; i < off+w; i++ {
		r.cells[i] = cell{init: true, zero: zero, rec: rec}
	}
	return true
}

// havocRegion forgets the values in region r, keeping which bytes are
// initialised.
func havocRegion(r *region) {
	r.written()
	for i := range r.cells {
		if r.cells[i].init {
			r.cells[i] = cell{init: true}
		}
	}
}

// addRange records that the bytes [lo, hi) of r are initialised, joining
// the range to an adjacent one when it provably touches it.
func (v *verifier) addRange(st *state, r *region, lo, hi sep.Term) {
	for i, s := range r.ranges {
		if pr := v.prove(st, cmp(sep.Eq, s.hi, lo)); pr.ok {
			r.ranges[i] = span{s.lo, hi}
			return
		}
		if pr := v.prove(st, cmp(sep.Eq, s.lo, hi)); pr.ok {
			r.ranges[i] = span{lo, s.hi}
			return
		}
	}
	r.ranges = append(r.ranges, span{lo, hi})
}
