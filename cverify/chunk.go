package cverify

import (
	"fmt"

	"vep/cparse"
	"vep/sep"
)

// chunkShape evaluates the pointer and byte size of a spatial predicate.
func (v *verifier) chunkShape(st *state, env *aenv, p *sep.Pred) (ptr, size value, err *annotError) {
	ptr, err = v.aval(st, env, p.Args[0])
	if err != nil {
		return
	}
	switch p.Name {
	case "chars", "undef_chars":
		size, err = v.aval(st, env, p.Args[1])
	case "data_at", "undef_array", "array":
		n, e := sep.SizeOf(v.env, p.Type)
		if e != nil {
			err = v.errAt(env, p, "%v", e)
			return
		}
		size = scalar(num(n), nil)
		if p.Name != "data_at" {
			var cnt value
			cnt, err = v.aval(st, env, p.Args[1])
			if err != nil {
				return
			}
			size = scalar(tmul(cnt.t, num(n)), nil)
		}
	case "store_chars":
		var end value
		end, err = v.aval(st, env, p.Args[1])
		if err != nil {
			return
		}
		size = scalar(tsub(v.addr(end), v.addr(ptr)), nil)
	default:
		err = v.errAt(env, p, "unsupported predicate %s", p.Name)
	}
	if err == nil && size.k != kScalar {
		err = v.errAt(env, p, "the size of %s is not an integer", p.Name)
	}
	return
}

// checkChunk proves that the state owns (and, unless the predicate is an
// undef one, has initialised) the memory p describes. Unbound content
// constants (With or exists) are bound in env. who names the owner of the
// obligation for messages.
func (v *verifier) checkChunk(st *state, env *aenv, pos cparse.Pos, p *sep.Pred, who string) bool {
	ptr, size, aerr := v.chunkShape(st, env, p)
	if aerr != nil {
		v.fail(aerr.pos, aerr.msg, nil, nil)
		return false
	}
	if ptr.k == kCtx || ptr.k == kMap || ptr.k == kPktEnd || ptr.k == kScalar {
		v.fail(pos, fmt.Sprintf("%s: %s needs memory, but %s is a %s", who, p.Name, p.Args[0], ptr.k), nil, nil)
		return false
	}
	if ptr.k == kMapVal && p.Name != "data_at" {
		// A map value is not owned, whatever its size.
		v.fail(pos, fmt.Sprintf("%s: %s needs owned memory, but %s is a map value (state it with map_value)", who, p.Name, p.Args[0]), nil, nil)
		return false
	}
	if !v.checkPtr(st, pos, ptr) {
		return false
	}
	if ptr.k == kStack {
		r := st.regions[ptr.region]
		goal := v.conj(cmp(sep.Le, num(0), size.t), cmp(sep.Le, num(0), ptr.t), cmp(sep.Le, tadd(ptr.t, size.t), r.sizeT))
		if pr := v.prove(st, goal); !pr.ok {
			v.fail(pos, fmt.Sprintf("%s: buffer too small: %s needs %s bytes at offset %s of %s, which has %s bytes", who, p.Args[0], size.t, ptr.t, r.name, r.sizeT), goal, &pr)
			return false
		}
		if p.Name != "undef_chars" && p.Name != "undef_array" && !v.checkInit(st, pos, ptr, size.t) {
			v.diag.Msg = who + ": " + v.diag.Msg
			return false
		}
	} else if !v.checkBounds(st, pos, ptr, size.t, false, "access to") {
		v.diag.Msg = who + ": " + v.diag.Msg
		return false
	}
	// Bind the contents.
	var content sep.Term
	switch p.Name {
	case "chars", "array":
		content = p.Args[len(p.Args)-1]
	case "data_at":
		content = p.Args[1]
	}
	if cv, ok := content.(*sep.Var); ok && !cv.Pre {
		if x, bound := env.names[cv.Name]; bound && x.k == kScalar && x.t == nil {
			if ptr.k == kStack && p.Name != "data_at" {
				// Contents the verifier knows are named by what it knows.
				if w := v.wholeContents(st, ptr, size, p); w != nil {
					env.names[cv.Name] = scalar(w.t, nil)
					return true
				}
			}
			if p.Name == "data_at" {
				loaded, ok := v.load(st, pos, ptr, sepToC(p.Type), nil)
				if !ok {
					return false
				}
				env.names[cv.Name] = loaded
			} else {
				env.names[cv.Name] = scalar(v.freshIn("list_"+cv.Name, nil, nil), nil)
			}
			return true
		}
	}
	if content != nil && p.Name != "data_at" && ptr.k == kStack {
		// The predicate states contents that are already bound (a With
		// constant of the contract, a list the annotation computes): the
		// memory must hold exactly them. The verifier knows the contents
		// of a whole region only while nothing has written it since a
		// precondition or a proved annotation stated them.
		want, aerr := v.aval(st, env, content)
		if aerr != nil {
			v.fail(aerr.pos, aerr.msg, nil, nil)
			return false
		}
		w := v.wholeContents(st, ptr, size, p)
		if w == nil || want.t == nil || !sep.Equal(w.t, want.t) {
			v.fail(pos, fmt.Sprintf("%s: %s: cannot prove that the memory at %s holds %s: it may have been written since its contents were stated; state the contents it has now (e.g. with exists)", who, p, p.Args[0], content), nil, nil)
			return false
		}
	}
	if content != nil && p.Name == "data_at" {
		want, aerr := v.aval(st, env, content)
		if aerr != nil {
			v.fail(aerr.pos, aerr.msg, nil, nil)
			return false
		}
		loaded, ok := v.load(st, pos, ptr, sepToC(p.Type), nil)
		if !ok {
			return false
		}
		goal := cmp(sep.Eq, v.addr(loaded), v.addr(want))
		if pr := v.prove(st, goal); !pr.ok {
			v.fail(pos, fmt.Sprintf("%s: %s does not hold", who, p), goal, &pr)
			return false
		}
	}
	return true
}

// unbound marks a constant that a chunk will bind.
var unbound = value{k: kScalar}

// applyChunk makes the memory p describes hold what p says, after a call
// that wrote it: initialised with unknown contents, or uninitialised.
func (v *verifier) applyChunk(st *state, env *aenv, p *sep.Pred) {
	ptr, size, aerr := v.chunkShape(st, env, p)
	if aerr != nil || ptr.k != kStack {
		return
	}
	r := st.regions[ptr.region]
	if r.dead != "" {
		return
	}
	r.written()
	undef := p.Name == "undef_chars" || p.Name == "undef_array"
	off, ok1 := constInt64(ptr.t)
	n, ok2 := constInt64(size.t)
	if !ok1 || !ok2 || off < 0 || n < 0 || off+n > r.size || r.sym {
		if undef {
			for i := range r.cells {
				r.cells[i] = cell{}
			}
			r.ranges = nil
			return
		}
		havocRegion(r)
		v.addRange(st, r, ptr.t, tadd(ptr.t, size.t))
		return
	}
	for i := off; i < off+n; i++ {
		r.cells[i] = cell{init: !undef}
	}
	if p.Name == "data_at" {
		if cv, ok := p.Args[1].(*sep.Var); ok {
			if x, ok := env.names[cv.Name]; ok && x.t != nil {
				rec := &record{off: off, w: n, v: x}
				for i := off; i < off+n; i++ {
					r.cells[i].rec = rec
				}
			}
		}
	}
}

// chunkContents is what the chars or array predicate p says about the
// contents of the region it covers, when they are the list t.
func chunkContents(p *sep.Pred, t sep.Term) *contents {
	c := &contents{pred: p.Name, t: t}
	if p.Name == "array" {
		c.typ = fmt.Sprint(p.Type)
	}
	if c.pred == "array" && (c.typ == "u8" || c.typ == "unsigned char" || c.typ == "__u8") {
		c.pred, c.typ = "chars", ""
	}
	return c
}

// wholeContents returns the known contents of the region ptr points to
// when the chars or array predicate p, of size bytes at ptr, covers
// exactly that region and has its shape.
func (v *verifier) wholeContents(st *state, ptr, size value, p *sep.Pred) *contents {
	r := st.regions[ptr.region]
	if r.whole == nil || r.dead != "" {
		return nil
	}
	shape := chunkContents(p, nil)
	if shape.pred != r.whole.pred || shape.typ != r.whole.typ {
		return nil
	}
	if off, ok := constInt64(ptr.t); !ok || off != 0 {
		return nil
	}
	if !sep.Equal(size.t, r.sizeT) {
		a, ok1 := constInt64(size.t)
		b, ok2 := constInt64(r.sizeT)
		if !ok1 || !ok2 || a != b {
			if pr := v.prove(st, cmp(sep.Eq, size.t, r.sizeT)); !pr.ok {
				return nil
			}
		}
	}
	return r.whole
}
