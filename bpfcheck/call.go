package bpfcheck

import (
	"strconv"

	"vep/internal/contracts"
	"vep/internal/isa"
	"vep/sep"
)

// call executes a helper or bpf-to-bpf call.
func (r *run) call(s *state, i int, ins isa.Instruction) error {
	switch {
	case ins.IsHelperCall():
		return r.helper(s, i, int32(ins.Constant))
	case ins.IsLocalCall():
		g := r.f.calls[i]
		if g == nil {
			return r.f.errorf(i, "call of an unknown function")
		}
		return r.localCall(s, i, g)
	}
	return r.f.errorf(i, "kfunc calls are not supported")
}

// freshen renames the With constants of a contract to fresh names.
func (r *run) freshen(with []string, sub map[string]sep.Term) []sep.Ident {
	var ids []sep.Ident
	for _, w := range with {
		n := r.newName("w")
		sub[w] = name(n)
		ids = append(ids, sep.Ident{Name: n})
	}
	return ids
}

func exists(ids []sep.Ident, f sep.Formula) sep.Formula {
	if len(ids) == 0 {
		return f
	}
	return &sep.Exists{Vars: ids, Body: f}
}

// helper executes a helper call against its contract.
func (r *run) helper(s *state, i int, id int32) error {
	h, ok := contracts.Helper(id)
	if !ok {
		return r.f.errorf(i, "call of unknown helper %d", id)
	}
	for _, p := range r.progs {
		if !p.Allows(id) {
			return r.f.errorf(i, "helper bpf_%s is not allowed in %s programs", h.Name, p.Name)
		}
	}
	var mt contracts.MapType
	mapName := ""
	var mapTerm sep.Term // replaces the contract's map parameter (see inner.go)
	if mp := h.MapParam(); mp >= 0 {
		var err error
		if mapName, mt, mapTerm, err = r.mapArg(s, i, h, s.regs[1+mp]); err != nil {
			return err
		}
	}
	v, err := h.Variant(mt)
	if err != nil {
		return r.f.errorf(i, "%v", err)
	}
	c, err := v.Contract()
	if err != nil {
		return r.f.errorf(i, "%v", err)
	}
	args := make([]sep.Term, len(h.Params))
	for j, p := range h.Params {
		k := isa.Register(1 + j)
		if p.Kind == contracts.ArgDontCare {
			args[j] = r.freshVar("u")
			continue
		}
		g, err := r.read(s, i, k)
		if err != nil {
			return r.f.errorf(i, "bpf_%s argument %s: %v", h.Name, p.Name, err)
		}
		okKind := false
		switch p.Kind {
		case contracts.ArgAnything, contracts.ArgConstSize, contracts.ArgConstSizeOrZero:
			okKind = g.k == kScalar
		case contracts.ArgConstMapPtr:
			okKind = g.k == kMap || g.k == kInnerMap
		case contracts.ArgPtrToCtx:
			okKind = g.k == kCtx
		case contracts.ArgPtrToMapKey, contracts.ArgPtrToMapValue, contracts.ArgPtrToMem, contracts.ArgPtrToUninitMem:
			okKind = g.k == kStack
		case contracts.ArgPtrToMemOrNull:
			okKind = g.k == kStack || g.k == kScalar
		}
		if !okKind {
			return r.f.errorf(i, "bpf_%s argument %s (R%d) is a %v, which %v does not accept", h.Name, p.Name, k, g.k, p.Kind)
		}
		args[j] = g.value()
		if p.Kind == contracts.ArgConstMapPtr && j == h.MapParam() {
			args[j] = mapTerm
		}
	}
	sub := map[string]sep.Term{}
	ids := r.freshen(c.With, sub)
	for j, p := range h.Params {
		sub[p.Name] = args[j]
	}
	ret := r.freshVar("ret")
	pre := sep.Subst(c.Require, sub)
	if err := r.footprint(i, "bpf_"+h.Name, "bpf_"+h.Name+" needs", pre); err != nil {
		return err
	}
	if err := r.emit(s, i, "helper", exists(ids, pre)); err != nil {
		return err
	}
	sub[sep.ReturnName] = ret
	post := sep.Subst(c.Ensure, sub)
	if v.Ret == contracts.RetInnerMapOrNull {
		if post, err = r.innerPost(i, post, ret); err != nil {
			return err
		}
	}
	if err := r.applyPost(s, i, pre, post); err != nil {
		return err
	}
	switch v.Ret {
	case contracts.RetInteger:
		s.regs[0] = reg{k: kScalar, val: cast(u64Type, ret), size: 3}
	case contracts.RetVoid:
		s.regs[0] = reg{}
	case contracts.RetMapValueOrNull:
		s.regs[0] = reg{k: kMapValue, m: mapName, base: ret, off: num(0), size: 1}
		s.assume(r.mapValueFact(ret, mapName))
	case contracts.RetInnerMapOrNull:
		s.regs[0] = r.innerMap(s, mapName, ret)
	default:
		return r.f.errorf(i, "bpf_%s: %v results are not supported", h.Name, v.Ret)
	}
	for k := 1; k <= 5; k++ {
		s.regs[k] = reg{}
	}
	if h.ChangesPacketData {
		for k := range s.regs {
			if s.regs[k].k == kPacket || s.regs[k].k == kPacketEnd {
				s.regs[k] = reg{k: kInvalid}
			}
		}
		for j, g := range s.stack {
			if g.spill != nil && (g.spill.k == kPacket || g.spill.k == kPacketEnd) {
				s.stack[j].spill = &reg{k: kInvalid}
			}
		}
		s.pktD, s.pktE = nil, nil
	}
	return nil
}

// footprint checks that every region the precondition pre of a call of
// callee names is a stack region at a constant offset and size inside the
// frame, and counts it in the function's stack depth; what ("bpf_x
// needs", "call of f passes") starts the message about a region that is
// not.
func (r *run) footprint(i int, callee, what string, pre sep.Formula) error {
	n, err := sep.Normalize(pre)
	if err != nil {
		return r.f.errorf(i, "contract of %s: %v", callee, err)
	}
	for _, ch := range n.Chunks {
		off, sz, ok := r.chunkExtent(ch)
		if !ok {
			return r.f.errorf(i, "%s %v, which is not a stack region at a constant offset and size inside the frame", what, ch)
		}
		if sz > 0 {
			r.touch(off)
		}
	}
	return nil
}

// chunkExtent returns the frame offset and size of a stack chunk.
func (r *run) chunkExtent(p *sep.Pred) (off, n int64, ok bool) {
	if len(p.Args) == 0 {
		return 0, 0, false
	}
	off, ok1 := r.stackAddr(p.Args[0])
	ok2 := false
	switch p.Name {
	case "chars", "undef_chars":
		if len(p.Args) >= 2 {
			n, ok2 = r.constSize(p.Args[1])
		}
	case "data_at":
		if ty, ok := p.Type.(*sep.IntType); ok {
			n, ok2 = int64(ty.Size), true
		}
	}
	if !ok1 || !ok2 || !inFrame(off, n) {
		return 0, 0, false
	}
	return off, n, true
}

// constSize returns the value of a size term: a constant, or an attribute
// of a map of the object.
func (r *run) constSize(t sep.Term) (int64, bool) {
	if n, ok := constOf(t); ok {
		return n, true
	}
	c, ok := t.(*sep.Call)
	if !ok || len(c.Args) != 1 {
		return 0, false
	}
	v, ok := c.Args[0].(*sep.Var)
	if !ok || v.Pre {
		return 0, false
	}
	if _, ok := r.inner[v.Name]; ok {
		return r.innerAttr(c.Fun, v.Name)
	}
	m, ok := r.c.maps[v.Name]
	if !ok {
		return 0, false
	}
	switch c.Fun {
	case "key_size":
		return int64(m.KeySize), true
	case "value_size":
		return int64(m.ValueSize), true
	case "max_entries":
		return int64(m.MaxEntries), true
	}
	return 0, false
}

// contractParts normalises the instantiated pre- and postcondition of a
// call and returns them with fresh names for their existentials and the
// test of whether a chunk is restated unchanged: only a chunk that names
// no existential can be, since the existentials of pre and post are
// unrelated.
func (r *run) contractParts(i int, pre, post sep.Formula) (pn, qn *sep.Normal, ren map[string]sep.Term, same func(p *sep.Pred, list []*sep.Pred) bool, err error) {
	if pn, err = sep.Normalize(pre); err != nil {
		return nil, nil, nil, nil, r.f.errorf(i, "contract: %v", err)
	}
	if qn, err = sep.Normalize(post); err != nil {
		return nil, nil, nil, nil, r.f.errorf(i, "contract: %v", err)
	}
	ren = map[string]sep.Term{}
	bound := map[string]bool{}
	for _, e := range append(append([]sep.Ident(nil), pn.Exists...), qn.Exists...) {
		ren[e.Name] = r.freshVar("e")
		bound[e.Name] = true
	}
	same = func(p *sep.Pred, list []*sep.Pred) bool {
		for _, v := range sep.FreeVars(p) {
			if bound[v] {
				return false
			}
		}
		for _, q := range list {
			if sep.Equal(p, q) {
				return true
			}
		}
		return false
	}
	return pn, qn, ren, same, nil
}

// applyPost updates the state after a call with precondition pre and
// postcondition post (both instantiated): chunks of pre that post restates
// unchanged stay, other chunks of pre are forgotten, new chunks of post are
// added, and the pure facts of both are assumed.
func (r *run) applyPost(s *state, i int, pre, post sep.Formula) error {
	pn, qn, ren, same, err := r.contractParts(i, pre, post)
	if err != nil {
		return err
	}
	var added []*sep.Pred
	for _, q := range qn.Chunks {
		if !same(q, pn.Chunks) {
			added = append(added, substPred(q, ren))
		}
	}
	for _, p := range pn.Chunks {
		if same(p, qn.Chunks) {
			continue
		}
		off, n, ok := r.chunkExtent(p)
		if !ok {
			return r.f.errorf(i, "the callee changes %v, which is not a stack region at a constant offset and size", p)
		}
		s.carve(off, n)
	}
	for _, f := range pn.Pure {
		s.assume(sep.Subst(f, ren))
	}
	for _, f := range qn.Pure {
		s.assume(sep.Subst(f, ren))
	}
	for _, q := range added {
		if err := r.addChunk(s, i, q); err != nil {
			return err
		}
	}
	return nil
}

func contractWith(a *sep.Annotation) []string {
	var out []string
	for _, w := range a.With {
		out = append(out, w.Name)
	}
	return out
}

// nargs returns the number of argument registers a subprogram contract
// mentions.
func nargs(a *sep.Annotation) int {
	n := 0
	for _, f := range []sep.Formula{a.Require, a.Ensure} {
		for _, k := range sep.FreeVars(f) {
			for j := 1; j <= 5; j++ {
				rk := "R" + strconv.Itoa(j)
				if (k == rk || k == rk+"@pre") && j > n {
					n = j
				}
			}
		}
	}
	return n
}
