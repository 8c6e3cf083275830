package cverify

import (
	"fmt"
	"math/big"
	"strings"

	"vep/cparse"
	"vep/internal/contracts"
	"vep/sep"
)

const maxCallDepth = 8

// call evaluates a call: helper, subprogram (by contract or inline) or
// builtin.
func (v *verifier) call(st *state, e *cparse.Call, k vk) {
	v.evalArgs(st, e.Args, nil, func(st *state, args []value) {
		switch e.Kind {
		case cparse.CallHelper:
			v.callHelper(st, e, args, k)
		case cparse.CallBuiltin:
			v.callBuiltin(st, e, args, k)
		default:
			if e.Func == nil || e.Func.Body == nil {
				v.fail(e.Pos(), fmt.Sprintf("call to undefined function %s: it is neither defined in this program nor a BPF helper", e.Name), nil, nil)
				return
			}
			if len(st.frames) >= maxCallDepth {
				v.fail(e.Pos(), fmt.Sprintf("calls nest deeper than %d (at the call of %s)", maxCallDepth, e.Name), nil, nil)
				return
			}
			if e.Func.Contract != nil {
				v.callContract(st, e, args, k)
				return
			}
			v.inline(st, e, args, k)
		}
	})
}

func (v *verifier) evalArgs(st *state, es []cparse.Expr, acc []value, k func(*state, []value)) {
	if len(es) == 0 {
		k(st, acc)
		return
	}
	v.eval(st, es[0], func(st *state, x value) {
		v.evalArgs(st, es[1:], append(acc[:len(acc):len(acc)], x), k)
	})
}

// callHelper checks a helper call against its contract in the table.
func (v *verifier) callHelper(st *state, e *cparse.Call, args []value, k vk) {
	h, ok := contracts.Helper(int32(e.Helper))
	if !ok {
		v.fail(e.Pos(), fmt.Sprintf("helper %s (id %d) has no contract in vep's table", e.Name, e.Helper), nil, nil)
		return
	}
	who := "bpf_" + h.Name
	if v.pt != nil && !v.pt.Allows(h.ID) {
		v.fail(e.Pos(), fmt.Sprintf("helper %s is not allowed in %s programs", who, v.pt.Name), nil, nil)
		return
	}
	if len(args) != len(h.Params) {
		v.fail(e.Pos(), fmt.Sprintf("%s takes %d arguments, got %d", who, len(h.Params), len(args)), nil, nil)
		return
	}
	var mt contracts.MapType
	var mapArg value
	if mi := h.MapParam(); mi >= 0 {
		mapArg = args[mi]
		if mapArg.k != kMap {
			if mapArg.k == kScalar && asConst(mapArg.t) == nil {
				v.fail(e.Pos(), fmt.Sprintf("%s: argument %s must be a map, not an integer", who, h.Params[mi].Name), nil, nil)
			} else {
				v.fail(e.Pos(), fmt.Sprintf("%s: argument %s must be a map (&name), not a %s", who, h.Params[mi].Name, mapArg.k), nil, nil)
			}
			return
		}
		if mapArg.nullID > 0 && !st.null[mapArg.nullID] {
			v.fail(e.Pos(), fmt.Sprintf("%s: the inner map may be null: check the result of bpf_map_lookup_elem first", who), nil, nil)
			return
		}
		mt = contracts.MapType(mapArg.m.Type)
	}
	variant, err := h.Variant(mt)
	if err != nil {
		v.fail(e.Pos(), err.Error(), nil, nil)
		return
	}
	c, err := variant.Contract()
	if err != nil {
		v.fail(e.Pos(), err.Error(), nil, nil)
		return
	}
	env := &aenv{names: map[string]value{}, at: e.Pos()}
	for i, p := range h.Params {
		env.names[p.Name] = args[i]
	}
	for _, w := range c.With {
		env.names[w] = unbound
	}
	if !v.checkPre(st, env, e.Pos(), c.Require, who) {
		return
	}
	if h.ChangesPacketData {
		st.killer[st.gen] = who
		st.gen++
	}
	var ret value
	switch variant.Ret {
	case contracts.RetMapValueOrNull:
		v.nextNull++
		ret = value{k: kMapVal, t: num(0), m: mapArg.m, nullID: v.nextNull, obj: v.nextNull, typ: e.T}
	case contracts.RetInnerMapOrNull:
		if mapArg.m.Inner == nil {
			v.fail(e.Pos(), fmt.Sprintf("%s: map %s has no inner map template", who, mapArg.m.Name), nil, nil)
			return
		}
		v.nextNull++
		ret = value{k: kMap, m: mapArg.m.Inner, nullID: v.nextNull, typ: e.T}
	case contracts.RetVoid:
		ret = scalar(num(0), e.T)
	default:
		t := e.T
		if _, ok := t.(*cparse.IntType); !ok {
			t = cparse.S64
		}
		ret = scalar(v.fresh("ret", t), e.T)
		env.names[sep.ReturnName] = ret
	}
	v.applyPost(st, env, c.Require, c.Ensure, func(st *state, env *aenv) {
		if ret.nullID > 0 {
			v.nonNullFacts(st, env, c.Ensure, ret.nullID)
		}
		k(st, ret)
	})
}

// nonNullFacts marks a helper's result non-null when the postcondition
// says "P => __return != 0" and P holds.
func (v *verifier) nonNullFacts(st *state, env *aenv, post sep.Formula, id int) {
	n, err := sep.Normalize(post)
	if err != nil {
		return
	}
	for _, f := range n.Pure {
		imp, ok := f.(*sep.Implies)
		if !ok {
			continue
		}
		c, ok := imp.Y.(*sep.Cmp)
		if !ok || c.Op != sep.Ne || c.X.String() != sep.ReturnName || !isZero(c.Y) {
			continue
		}
		g, aerr := v.apure(st, env, imp.X)
		if aerr != nil {
			continue
		}
		if val, known := v.decide(g); known && val {
			st.null[id] = true
		} else if pr := v.prove(st, g); pr.ok {
			st.null[id] = true
		}
	}
}

// checkPre proves a precondition: one of its disjuncts holds, that is its
// chunks are owned (binding content constants in env) and its pure facts
// hold. On failure it reports the failure of the first disjunct.
func (v *verifier) checkPre(st *state, env *aenv, pos cparse.Pos, pre sep.Formula, who string) bool {
	ds := disjuncts(pre)
	if len(ds) == 1 {
		return v.checkPre1(st, env, pos, pre, who)
	}
	var first *Diagnostic
	for _, d := range ds {
		e := cloneEnv(env)
		ok, diag := v.attempt(func() bool { return v.checkPre1(st.clone(), e, pos, d, who) })
		if ok {
			// Redo on the real state so that the bindings refer to it.
			return v.checkPre1(st, env, pos, d, who)
		}
		if first == nil {
			first = diag
		}
	}
	if v.diag == nil {
		v.diag = first
	}
	return false
}

func (v *verifier) checkPre1(st *state, env *aenv, pos cparse.Pos, pre sep.Formula, who string) bool {
	n, err := sep.Normalize(pre)
	if err != nil {
		v.fail(pos, fmt.Sprintf("%s: unsupported precondition: %v", who, err), nil, nil)
		return false
	}
	for _, x := range n.Exists {
		env.names[x.Name] = unbound
	}
	for _, ch := range n.Chunks {
		if !v.checkChunk(st, env, pos, ch, who) {
			return false
		}
	}
	for _, f := range n.Pure {
		if p, ok := f.(*sep.Pred); ok {
			x, aerr := v.aval(st, env, p.Args[len(p.Args)-1])
			if aerr == nil {
				switch {
				case p.Name == "ctx" && !(x.k == kCtx && isZero(x.t)):
					if x.k == kCtx {
						v.fail(pos, fmt.Sprintf("%s: argument %s must be the context itself, not the context plus an offset (pointer arithmetic on the context)", who, p.Args[0]), nil, nil)
					} else {
						v.fail(pos, fmt.Sprintf("%s: argument %s must be the context pointer, not a %s", who, p.Args[0], x.k), nil, nil)
					}
					return false
				case p.Name == "map_value" && x.k == kMapVal && x.nullID > 0 && !st.null[x.nullID]:
					v.fail(pos, fmt.Sprintf("%s: map value %s may be null", who, p.Args[1]), nil, nil)
					return false
				}
			}
		}
		g, aerr := v.apure(st, env, f)
		if aerr != nil {
			v.fail(aerr.pos, fmt.Sprintf("%s: %s", who, aerr.msg), nil, nil)
			return false
		}
		if pr := v.prove(st, g); !pr.ok {
			what := "precondition not met"
			if strings.Contains(f.String(), "max_entries") {
				what = "map key out of range"
			}
			v.fail(pos, fmt.Sprintf("%s: %s: %s", who, what, f), g, &pr)
			return false
		}
	}
	return true
}

func isZero(t sep.Term) bool { c := asConst(t); return c != nil && c.Sign() == 0 }

// applyPost updates the state after a call, once per disjunct of the
// postcondition that is not plainly false: chunks of the postcondition that
// the precondition did not state unchanged are written; pure facts that the
// verifier can express are assumed.
func (v *verifier) applyPost(st *state, env *aenv, pre, post sep.Formula, k func(*state, *aenv)) {
	ds := disjuncts(post)
	if len(ds) == 1 {
		if v.applyPost1(st, env, pre, post) {
			k(st, env)
		}
		return
	}
	for _, d := range ds {
		if v.failed() {
			return
		}
		s2, e2 := st.clone(), cloneEnv(env)
		if v.applyPost1(s2, e2, pre, d) {
			k(s2, e2)
		}
	}
}

// applyPost1 applies one disjunct; it returns false when the disjunct is
// plainly false on this path.
func (v *verifier) applyPost1(st *state, env *aenv, pre, post sep.Formula) bool {
	// Every chunk of every disjunct of the precondition may have been
	// written, unless the postcondition restates it unchanged.
	var preChunks []*sep.Pred
	for _, d := range disjuncts(pre) {
		if n, err := sep.Normalize(d); err == nil {
			preChunks = append(preChunks, n.Chunks...)
		}
	}
	n, err := sep.Normalize(post)
	if err != nil {
		for _, ch := range preChunks {
			v.havocChunk(st, env, ch)
		}
		return true
	}
	for _, q := range preChunks {
		same := false
		for _, ch := range n.Chunks {
			same = same || sep.Equal(ch, q)
		}
		if !same {
			v.havocChunk(st, env, q)
		}
	}
	for _, x := range n.Exists {
		env.names[x.Name] = scalar(v.freshIn("ex_"+x.Name, nil, nil), nil)
	}
	for _, f := range n.Pure {
		if g, aerr := v.apure(st, env, f); aerr == nil {
			if val, known := constTruth(g); known && !val {
				return false
			}
		}
	}
	// Undefined regions first, so that initialised chunks win.
	for _, ch := range n.Chunks {
		if ch.Name == "undef_chars" || ch.Name == "undef_array" {
			v.applyChunk(st, env, ch)
		}
	}
	for _, ch := range n.Chunks {
		if ch.Name == "undef_chars" || ch.Name == "undef_array" {
			continue
		}
		same := false
		for _, q := range preChunks {
			same = same || sep.Equal(ch, q)
		}
		if !same {
			v.applyChunk(st, env, ch)
		}
	}
	for _, f := range n.Pure {
		g, aerr := v.apure(st, env, f)
		if aerr != nil {
			continue
		}
		st.addFact(g)
	}
	return true
}

// havocChunk forgets the contents of the stack region a chunk names.
func (v *verifier) havocChunk(st *state, env *aenv, p *sep.Pred) {
	ptr, err := v.aval(st, env, p.Args[0])
	if err == nil && ptr.k == kStack {
		havocRegion(st.regions[ptr.region])
	}
}

// callContract checks a call of a subprogram against its contract.
func (v *verifier) callContract(st *state, e *cparse.Call, args []value, k vk) {
	f := e.Func
	c := f.Contract
	who := "call of " + f.Name
	env := &aenv{names: map[string]value{}, pre: map[string]value{}, annot: c.Annot, at: e.Pos()}
	for i, p := range f.Params {
		env.names[p.Name] = args[i]
		env.pre[p.Name] = args[i]
	}
	for _, w := range c.With {
		env.names[w] = unbound
	}
	req := c.Require
	if req == nil {
		req = &sep.Bool{Val: true}
	}
	if !v.checkPre(st, env, e.Pos(), req, who) {
		return
	}
	if v.changesPacket(f, map[*cparse.Function]bool{}) {
		st.killer[st.gen] = f.Name
		st.gen++
	}
	var ret value
	if _, ok := f.Result.(*cparse.IntType); ok {
		ret = scalar(v.fresh("ret", f.Result), f.Result)
		env.names[sep.ReturnName] = ret
	} else if base, ok := v.resultBase(f, args); ok {
		// A pointer into the object of argument base, or null.
		v.nextNull++
		ret = base
		ret.typ, ret.nullID = f.Result, v.nextNull
		if base.k == kPacket {
			ret.t = v.freshIn("ret", big.NewInt(0), new(big.Int).Lsh(big.NewInt(1), 64))
		} else {
			ret.t = v.fresh("ret", cparse.S64)
		}
		if st.nullAddr == nil {
			st.nullAddr = map[int]sep.Term{}
		}
		st.nullAddr[ret.nullID] = v.addr(ret)
		env.names[sep.ReturnName] = ret
	} else {
		ret = scalar(v.fresh("ret", cparse.U64), f.Result)
	}
	ens := c.Ensure
	if ens == nil {
		ens = &sep.Bool{Val: true}
	}
	v.applyPost(st, env, req, ens, func(st *state, _ *aenv) { k(st, ret) })
}

// inline executes the body of a function without contract at the call.
func (v *verifier) inline(st *state, e *cparse.Call, args []value, k vk) {
	f := e.Func
	fr := v.newFrame(st, f)
	for i, p := range f.Params {
		fr.pre[p.Name] = args[i]
		ptr := value{k: kStack, t: num(0), region: fr.vars[p]}
		st.frames = append(st.frames[:len(st.frames):len(st.frames)], fr)
		ok := v.store(st, e.Pos(), ptr, p.Type.Size(), args[i], nil)
		st.frames = st.frames[:len(st.frames)-1]
		if !ok {
			return
		}
	}
	st.frames = append(st.frames[:len(st.frames):len(st.frames)], fr)
	depth := len(st.frames)
	ret := func(st *state, x value, _ cparse.Pos) {
		// The callee's variables die with its activation: a pointer to
		// one of them that escapes (returned, or stored) must not be used.
		for x, ri := range st.frames[depth-1].vars {
			if r := st.regions[ri]; r.dead == "" {
				r.kill(fmt.Sprintf("pointer to %s, a local of %s, used after %s returned: its storage is no longer owned", x.Name, f.Name, f.Name))
			}
		}
		st.frames = st.frames[:depth-1]
		k(st, x)
	}
	// The body's own variables die when f returns (see ret), with a
	// message that says so.
	v.execList(st, f.Body.Stmts, &conts{
		next: func(st *state) { ret(st, scalar(num(0), f.Result), f.Pos) },
		brk:  func(*state) { v.fail(f.Pos, "internal: break outside a loop", nil, nil) },
		cont: func(*state) { v.fail(f.Pos, "internal: continue outside a loop", nil, nil) },
		ret:  ret,
	})
}

// newFrame allocates uninitialised storage for f's parameters and locals.
func (v *verifier) newFrame(st *state, f *cparse.Function) *frame {
	fr := &frame{fn: f, vars: map[*cparse.Var]int{}, pre: map[string]value{}, with: map[string]sep.Term{}}
	for _, x := range append(append([]*cparse.Var(nil), f.Params...), f.Locals...) {
		fr.vars[x] = st.newVarRegion(x)
	}
	return fr
}

// callBuiltin executes a compiler builtin.
func (v *verifier) callBuiltin(st *state, e *cparse.Call, args []value, k vk) {
	name := e.Builtin
	switch {
	case strings.HasPrefix(name, "__sync_"):
		p := args[0]
		typ := e.Args[1].Type()
		w := typ.Size()
		if !v.checkBounds(st, e.Pos(), p, num(w), true, "atomic update of") || !v.checkAlias(st, e.Pos(), p, typ, nil, true) || !v.checkInit(st, e.Pos(), p, num(w)) {
			return
		}
		old, ok := v.load(st, e.Pos(), p, typ, nil)
		if !ok {
			return
		}
		if !v.store(st, e.Pos(), p, w, scalar(v.fresh("val", typ), typ), nil) {
			return
		}
		if strings.HasPrefix(name, "__sync_fetch_and_") {
			k(st, old)
		} else {
			k(st, scalar(v.fresh("val", typ), typ))
		}
	case name == "__builtin_memcpy", name == "__builtin_memset":
		n, ok := constInt64(args[2].t)
		if !ok || args[2].k != kScalar {
			v.fail(e.Pos(), name+" needs a constant size", nil, nil)
			return
		}
		if name == "__builtin_memcpy" {
			if !v.copyBytes(st, e.Pos(), args[0], args[1], n) {
				return
			}
		} else if !v.setBytes(st, e.Pos(), args[0], isZero(args[1].t) && args[1].k == kScalar, n) {
			return
		}
		k(st, args[0])
	case strings.HasPrefix(name, "__builtin_bswap"):
		if c := asConst(args[0].t); c != nil && args[0].k == kScalar {
			k(st, scalar(bignum(bswap(c, e.T.Size())), e.T))
			return
		}
		k(st, scalar(v.fresh("val", e.T), e.T))
	default:
		v.fail(e.Pos(), fmt.Sprintf("unsupported builtin %s", name), nil, nil)
	}
}

func bswap(c *big.Int, n int64) *big.Int {
	u := new(big.Int).Set(c)
	out := new(big.Int)
	for i := int64(0); i < n; i++ {
		b := new(big.Int).And(new(big.Int).Rsh(u, uint(8*i)), big.NewInt(255))
		out.Or(out, b.Lsh(b, uint(8*(n-1-i))))
	}
	return out
}

// resultBase finds the pointer argument that a pointer result of f points
// into: the first one that a pure fact of the postcondition relates to
// __return.
func (v *verifier) resultBase(f *cparse.Function, args []value) (value, bool) {
	if f.Contract == nil || f.Contract.Ensure == nil {
		return value{}, false
	}
	var facts []sep.Formula
	for _, d := range disjuncts(f.Contract.Ensure) {
		if n, err := sep.Normalize(d); err == nil {
			facts = append(facts, n.Pure...)
		}
	}
	for i, p := range f.Params {
		a := args[i]
		if a.k != kStack && a.k != kMapVal && a.k != kPacket {
			continue
		}
		for _, g := range facts {
			names := map[string]bool{}
			for _, k := range sep.FreeVars(g) {
				names[k] = true
			}
			if names[p.Name] && names[sep.ReturnName] {
				return a, true
			}
		}
	}
	return value{}, false
}

// setBytes initialises n bytes at dst (to zero when zero is set).
func (v *verifier) setBytes(st *state, pos cparse.Pos, dst value, zero bool, n int64) bool {
	if !v.checkBounds(st, pos, dst, num(n), true, "write of") {
		return false
	}
	if dst.k != kStack {
		return true
	}
	r := st.regions[dst.region]
	r.written()
	off, ok := constInt64(dst.t)
	if !ok || r.sym {
		havocRegion(r)
		v.addRange(st, r, dst.t, tadd(dst.t, num(n)))
		return true
	}
	for i := int64(0); i < n; i++ {
		r.cells[off+i] = cell{init: true, zero: zero}
	}
	return true
}

// copyBytes copies n initialised bytes from src to dst, keeping the values
// the verifier knows when both are at constant offsets of local memory.
func (v *verifier) copyBytes(st *state, pos cparse.Pos, dst, src value, n int64) bool {
	if !v.checkBounds(st, pos, src, num(n), false, "copy of") || !v.checkInit(st, pos, src, num(n)) {
		return false
	}
	var cells []cell
	so, ok := constInt64(src.t)
	if src.k == kStack && ok && !st.regions[src.region].sym {
		cells = append(cells, st.regions[src.region].cells[so:so+n]...)
	}
	if !v.setBytes(st, pos, dst, false, n) {
		return false
	}
	off, ok := constInt64(dst.t)
	if cells == nil || dst.k != kStack || !ok || st.regions[dst.region].sym {
		return true
	}
	r := st.regions[dst.region]
	moved := map[*record]*record{}
	for i := int64(0); i < n; i++ {
		c := cells[i]
		if c.rec != nil {
			nr, done := moved[c.rec]
			if !done {
				cp := *c.rec
				cp.off = c.rec.off - so + off
				nr = &cp
				moved[c.rec] = nr
			}
			c.rec = nr
		}
		r.cells[off+i] = c
	}
	return true
}
