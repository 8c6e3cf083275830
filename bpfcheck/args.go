package bpfcheck

import (
	"math/big"
	"strconv"

	"vep/internal/isa"
	"vep/sep"
)

// Subprograms whose contracts own memory.
//
// A subprogram contract may name memory by chunks (chars, undef_chars,
// data_at) at addresses computed from R1 … R5, and map values by the
// duplicable fact map_value(m, Rk). Spatial disjunctions (a buffer that is
// either stack bytes or a map value) are split into cases: the formula is
// brought into disjunctive form over its spatial disjunctions (disjuncts).
//
// Every case of the Require is verified separately. In a case, an argument
// register that some chunk's address mentions is an argument pointer (kind
// kArg, any address computed from it by pointer arithmetic too); one that a
// map_value fact names is a map value pointer at its base. The case's
// chunks are the callee's argument memory (state.args), which it may load
// from (initialised bytes only) and store to, within a chunk it owns, as
// each access's VC proves; the other memory of the caller is out of reach.
//
// Which disjunct of an Ensure, an invariant or an assertion is meant is
// decided from the register kinds alone (fits), so that every arrival at a
// cut point proves the same disjunct that the runs from it start from; a
// call site picks the first Require case whose kinds fit its arguments and
// gets the Ensure disjunct that the callee proves in that case.

// maxDisjuncts bounds the cases of one assertion.
const maxDisjuncts = 16

// disjuncts returns formulas whose disjunction is equivalent to f and none
// of which has a spatial formula under ||; ok is false if there would be
// more than maxDisjuncts.
func disjuncts(f sep.Formula) ([]sep.Formula, bool) {
	cross := func(x, y sep.Formula, mk func(a, b sep.Formula) sep.Formula) ([]sep.Formula, bool) {
		a, ok := disjuncts(x)
		if !ok {
			return nil, false
		}
		b, ok := disjuncts(y)
		if !ok || len(a)*len(b) > maxDisjuncts {
			return nil, false
		}
		var out []sep.Formula
		for _, p := range a {
			for _, q := range b {
				out = append(out, mk(p, q))
			}
		}
		return out, true
	}
	switch g := f.(type) {
	case *sep.Or:
		if !sep.IsSpatial(g) {
			break
		}
		a, ok := disjuncts(g.X)
		if !ok {
			return nil, false
		}
		b, ok := disjuncts(g.Y)
		if !ok || len(a)+len(b) > maxDisjuncts {
			return nil, false
		}
		return append(append([]sep.Formula(nil), a...), b...), true
	case *sep.And:
		return cross(g.X, g.Y, func(a, b sep.Formula) sep.Formula { return &sep.And{X: a, Y: b} })
	case *sep.Sep:
		return cross(g.X, g.Y, func(a, b sep.Formula) sep.Formula { return &sep.Sep{X: a, Y: b} })
	case *sep.Exists:
		ds, ok := disjuncts(g.Body)
		if !ok {
			return nil, false
		}
		out := make([]sep.Formula, len(ds))
		for k, d := range ds {
			out[k] = &sep.Exists{Vars: g.Vars, Body: d}
		}
		return out, true
	}
	return []sep.Formula{f}, true
}

// regRoots returns the registers that term t mentions.
func regRoots(t sep.Term) []*sep.Reg {
	var out []*sep.Reg
	sep.Walk(t, func(n sep.Node) bool {
		if r, ok := n.(*sep.Reg); ok {
			out = append(out, r)
		}
		return true
	})
	return out
}

// mapFact returns the map and pointer of a map_value fact.
func mapFact(f sep.Formula) (string, sep.Term, bool) {
	p, ok := f.(*sep.Pred)
	if !ok || p.Name != "map_value" || len(p.Args) != 2 {
		return "", nil, false
	}
	m, ok := p.Args[0].(*sep.Var)
	if !ok || m.Pre {
		return "", nil, false
	}
	return m.Name, p.Args[1], true
}

// fits reports whether the normal form n (over registers) agrees with the
// register kinds: cur gives the kind of Rk, entry that of Rk@pre. Every
// map_value fact must name a register holding a map value pointer of that
// map at its base, and every chunk's address must mention a register
// holding a stack or argument pointer and no map value pointer.
func fits(n *sep.Normal, cur, entry func(k int) akind) bool {
	kindOf := func(r *sep.Reg) akind {
		if r.Pre {
			return entry(r.N)
		}
		return cur(r.N)
	}
	for _, f := range n.Pure {
		m, t, ok := mapFact(f)
		if !ok {
			continue
		}
		r, ok := t.(*sep.Reg)
		if !ok {
			return false
		}
		if k := kindOf(r); k.k != kMapValue || k.m != m || !k.atBase {
			return false
		}
	}
	for _, ch := range n.Chunks {
		if len(ch.Args) == 0 {
			return false
		}
		ptr := false
		for _, r := range regRoots(ch.Args[0]) {
			switch kindOf(r).k {
			case kStack, kArg:
				ptr = true
			case kMapValue:
				return false
			}
		}
		if !ptr {
			return false
		}
	}
	return true
}

// choose returns the first disjunct of f that fits the kinds; with a single
// disjunct, that one.
func choose(f sep.Formula, cur, entry func(k int) akind) (sep.Formula, bool) {
	ds, ok := disjuncts(f)
	if !ok {
		return nil, false
	}
	if len(ds) == 1 {
		return ds[0], true
	}
	for _, d := range ds {
		n, err := sep.Normalize(d)
		if err == nil && fits(n, cur, entry) {
			return d, true
		}
	}
	return nil, false
}

// contractCase is one case of a subprogram contract: a disjunct of its
// Require, the kinds it gives R1 … R5, and the disjunct of the Ensure the
// callee proves in it.
type contractCase struct {
	req, ens sep.Formula
	kinds    [6]akind
}

// contractCases splits a subprogram's contract into its cases. It is a
// function of the contract alone, so that callee and callers agree.
func contractCases(g *function) ([]contractCase, error) {
	c := g.contract
	ds, ok := disjuncts(c.Require)
	if !ok {
		return nil, g.errorf(g.start, "contract Require: more than %d cases", maxDisjuncts)
	}
	var out []contractCase
	for _, d := range ds {
		n, err := sep.Normalize(d)
		if err != nil {
			return nil, g.errorf(g.start, "contract Require: %v", err)
		}
		var cc contractCase
		cc.req = d
		for k := 1; k <= 5; k++ {
			cc.kinds[k] = akind{k: kScalar}
		}
		set := func(r *sep.Reg, a akind) error {
			if r.N < 1 || r.N > 5 {
				return g.errorf(g.start, "contract Require: memory at R%d", r.N)
			}
			if cc.kinds[r.N].k != kScalar && cc.kinds[r.N] != a {
				return g.errorf(g.start, "contract Require: R%d is both a map value and other memory in the case %v", r.N, d)
			}
			cc.kinds[r.N] = a
			return nil
		}
		for _, f := range n.Pure {
			if m, t, ok := mapFact(f); ok {
				r, ok := t.(*sep.Reg)
				if !ok {
					return nil, g.errorf(g.start, "contract Require: %v: map_value must name an argument register", f)
				}
				if err := set(r, akind{k: kMapValue, m: m, atBase: true}); err != nil {
					return nil, err
				}
			}
		}
		for _, ch := range n.Chunks {
			switch ch.Name {
			case "chars", "undef_chars", "data_at":
			default:
				return nil, g.errorf(g.start, "contract Require: %v: only chars, undef_chars and data_at may describe memory a subprogram gets", ch)
			}
			var roots []*sep.Reg
			if len(ch.Args) > 0 {
				roots = regRoots(ch.Args[0])
			}
			if len(roots) != 1 || roots[0].N < 1 || roots[0].N > 5 {
				return nil, g.errorf(g.start, "contract Require: the address of %v must mention exactly one of R1 … R5", ch)
			}
			if err := set(roots[0], akind{k: kArg}); err != nil {
				return nil, err
			}
		}
		cur := func(k int) akind {
			if k >= 1 && k <= 5 {
				return cc.kinds[k]
			}
			return akind{k: kScalar} // R0, the result
		}
		ens, ok := choose(c.Ensure, cur, cur)
		if !ok {
			return nil, g.errorf(g.start, "contract Ensure: no disjunct fits the case %v", d)
		}
		cc.ens = ens
		out = append(out, cc)
	}
	return out, nil
}

// isMapFact reports whether f is a map_value fact and assumes it with its
// meaning: a value slot of the map, in kernel memory. Every map_value fact
// in a state has been proved from the Require, an Ensure, an invariant, or
// at a call site from a non-null map value pointer (see localCall).
func (r *run) assumeFact(s *state, f sep.Formula) {
	s.assume(f)
	if m, t, ok := mapFact(f); ok {
		if _, known := r.c.maps[m]; known {
			s.assume(addrFacts(t, mapAttr("value_size", m)))
		}
	}
}

// subEntryState sets up the entry state of case r.cs of a subprogram.
func (r *run) subEntryState(s *state) (*state, error) {
	cc := r.cases[r.cs]
	for k := 1; k <= 5; k++ {
		if k > r.nargs && cc.kinds[k].k == kScalar {
			continue
		}
		s.assume(inRange(r.pre[k], big.NewInt(0), new(big.Int).Sub(two64, big.NewInt(1))))
		switch cc.kinds[k].k {
		case kArg:
			s.regs[k] = reg{k: kArg, base: r.pre[k], off: num(0), size: 1}
		case kMapValue:
			s.regs[k] = reg{k: kMapValue, m: cc.kinds[k].m, base: r.pre[k], off: num(0), size: 1}
		default:
			s.regs[k] = reg{k: kScalar, val: r.pre[k], size: 1}
		}
	}
	n, err := sep.Normalize(sep.Subst(cc.req, r.regSubst(s)))
	if err != nil {
		return nil, r.f.errorf(r.f.start, "contract Require: %v", err)
	}
	ren := map[string]sep.Term{}
	for _, e := range n.Exists {
		ren[e.Name] = r.freshVar("e")
	}
	for _, p := range n.Pure {
		r.assumeFact(s, sep.Subst(p, ren))
	}
	for _, ch := range n.Chunks {
		ch = substPred(ch, ren)
		if err := r.addArgChunk(s, r.f.start, ch); err != nil {
			return nil, err
		}
		if ch.Name == "undef_chars" {
			// An empty initialised prefix, to start filling from.
			s.args = append(s.args, &sep.Pred{Name: "chars", Args: []sep.Term{ch.Args[0], num(0), &sep.ListLit{}}})
		}
	}
	return s, nil
}

// caseKind returns the kind of Rk at the entry of the current case.
func (r *run) caseKind(k int) akind {
	if r.f.entry {
		if k == 1 {
			return akind{k: kCtx}
		}
		return akind{k: kUninit}
	}
	if k >= 1 && k <= 5 && r.cs < len(r.cases) {
		return r.cases[r.cs].kinds[k]
	}
	return akind{k: kUninit}
}

// cutGoal returns the disjunct of the annotation of cut point at that the
// runs from it start from and every arrival proves.
func (r *run) cutGoal(at int) (sep.Formula, error) {
	if f, ok := r.cutSel[at]; ok {
		return f, nil
	}
	ks := r.kinds[at]
	cur := func(k int) akind {
		if k >= 0 && k < len(ks) {
			return ks[k]
		}
		return akind{}
	}
	f, ok := choose(cutFormula(r.f.cuts[at]), cur, r.caseKind)
	if !ok {
		return nil, r.f.errorf(at, "no disjunct of the annotation fits the kinds of the registers here (%v)", ks)
	}
	if r.cutSel == nil {
		r.cutSel = map[int]sep.Formula{}
	}
	r.cutSel[at] = f
	return f, nil
}

// addArgChunk adds a chunk of memory outside the frame to a subprogram's
// state.
func (r *run) addArgChunk(s *state, at int, ch *sep.Pred) error {
	if r.f.entry {
		return r.f.errorf(at, "chunk %v is not at a constant offset from R10: only stack chunks may stand in a cut point", ch)
	}
	switch {
	case (ch.Name == "chars" && len(ch.Args) == 3) || (ch.Name == "undef_chars" && len(ch.Args) == 2):
	case ch.Name == "data_at" && len(ch.Args) == 2:
		ty, ok := ch.Type.(*sep.IntType)
		if !ok || (ty.Size != 1 && ty.Size != 2 && ty.Size != 4 && ty.Size != 8) {
			return r.f.errorf(at, "chunk %v: only integer data_at chunks are supported", ch)
		}
	default:
		return r.f.errorf(at, "chunk %v: only chars, undef_chars and data_at may describe memory outside the frame", ch)
	}
	s.args = append(s.args, ch)
	return nil
}

// argSize returns the size in bytes of an argument chunk.
func argSize(c *sep.Pred) sep.Term {
	if c.Name == "data_at" {
		return num(int64(c.Type.(*sep.IntType).Size))
	}
	return c.Args[1]
}

// argList returns the contents of an initialised argument chunk.
func argList(c *sep.Pred) sep.Term {
	if c.Name == "data_at" {
		ty := c.Type.(*sep.IntType)
		return byteList(cast(intType(ty.Size, false), c.Args[1]), int64(ty.Size))
	}
	return c.Args[2]
}

// pickArg returns the argument chunk an access of w bytes at addr is
// checked against: preferably one that, casts ignored, holds the access at
// a constant distance, else the one whose distance is the smallest term.
// The choice only decides which VC is emitted.
func pickArg(list []*sep.Pred, addr sep.Term, w int64) (int, sep.Term) {
	best, bestRank := -1, 0
	var bestK sep.Term
	for j, c := range list {
		if n, ok := literal(argSize(c)); ok && n.Sign() == 0 {
			continue // owns nothing
		}
		k := norm(sub2(addr, c.Args[0]))
		rank := 3 + size(k)
		if kc, ok := literal(norm(sub2(uncast(addr), uncast(c.Args[0])))); ok && kc.Sign() >= 0 {
			rank = 2
			if n, ok := literal(argSize(c)); ok && kc.Int64()+w <= n.Int64() {
				rank = 1
			}
			if n, ok := literal(argSize(c)); ok && kc.Int64()+w > n.Int64() {
				rank = 3 + size(k)
			}
		}
		if best < 0 || rank < bestRank {
			best, bestRank, bestK = j, rank, k
		}
	}
	return best, bestK
}

// uncast removes the casts of a term; only for choosing a chunk.
func uncast(t sep.Term) sep.Term {
	switch x := t.(type) {
	case *sep.Cast:
		return uncast(x.X)
	case *sep.Binary:
		return &sep.Binary{Op: x.Op, X: uncast(x.X), Y: uncast(x.Y)}
	case *sep.Unary:
		return &sep.Unary{Op: x.Op, X: uncast(x.X)}
	}
	return t
}

// argAccess executes a load or store of w bytes at addr through an
// argument pointer.
func (r *run) argAccess(s *state, i int, addr sep.Term, w int64, load, atomic bool, val sep.Term, result func(sep.Term)) error {
	return r.chunkAccess(s, &s.args, i, addr, w, load, atomic, val, result)
}

// chunkAccess executes a load or store of w bytes at addr in one of the
// chunks *list (the argument memory or the held stack chunks).
func (r *run) chunkAccess(s *state, list *[]*sep.Pred, i int, addr sep.Term, w int64, load, atomic bool, val sep.Term, result func(sep.Term)) error {
	if atomic {
		return r.f.errorf(i, "atomic operation on memory described at a variable offset or size")
	}
	j, k := pickArg(*list, addr, w)
	if j < 0 {
		return r.f.errorf(i, "access through an argument pointer, but the state owns no memory outside the frame")
	}
	c := (*list)[j]
	n := argSize(c)
	what := "store"
	if load {
		what = "load"
	}
	goal := and(cmp(sep.Le, num(0), k), cmp(sep.Le, add(k, num(w)), n))
	if err := r.emit(s, i, what, goal); err != nil {
		return err
	}
	s.assume(goal)
	a := c.Args[0]
	if load {
		if c.Name == "undef_chars" {
			return r.f.errorf(i, "load from uninitialised bytes of %v", c)
		}
		result(bytesValue(argList(c), k, w))
		return nil
	}
	var repl []*sep.Pred
	if c.Name == "undef_chars" {
		if kc, ok := literal(k); !ok || kc.Sign() != 0 {
			repl = append(repl, &sep.Pred{Name: "undef_chars", Args: []sep.Term{a, k}})
		}
		repl = append(repl, &sep.Pred{Name: "chars", Args: []sep.Term{norm(add(a, k)), num(w), byteList(val, w)}})
		rest := norm(sub2(sub2(n, k), num(w)))
		if rc, ok := literal(rest); !ok || rc.Sign() != 0 {
			repl = append(repl, &sep.Pred{Name: "undef_chars", Args: []sep.Term{norm(add(add(a, k), num(w))), rest}})
		}
	} else {
		l := argList(c)
		for b := int64(0); b < w; b++ {
			l = &sep.Update{X: l, I: add(k, num(b)), V: byteOf(val, b)}
		}
		if size(l) > MaxTermDepth*16 {
			return r.f.errorf(i, "the contents of %v are too complex: add an assertion", c)
		}
		repl = append(repl, &sep.Pred{Name: "chars", Args: []sep.Term{a, n, l}})
	}
	if len(*list)+len(repl) > MaxTermDepth {
		return r.f.errorf(i, "too many chunks of argument memory: add an assertion")
	}
	out := append([]*sep.Pred(nil), (*list)[:j]...)
	out = append(out, repl...)
	*list = append(out, (*list)[j+1:]...)
	return nil
}

// subExit checks an exit of a subprogram against the Ensure of its case.
func (r *run) subExit(s *state, i int) error {
	r0 := s.regs[0]
	switch r0.k {
	case kScalar, kArg, kMapValue:
	case kStack:
		return r.f.errorf(i, "exit with R0 a pointer into the subprogram's own stack frame")
	default:
		return r.f.errorf(i, "exit with R0 %v: a subprogram returns a scalar", r0.k)
	}
	sub := r.regSubst(s)
	for k := 1; k <= 5; k++ {
		sub["R"+strconv.Itoa(k)] = r.pre[k]
	}
	return r.emit(s, i, "exit", sep.Subst(r.cases[r.cs].ens, sub))
}

// localCall executes a bpf-to-bpf call of g against g's contract: the
// caller proves the Require of the first case that fits its arguments,
// and the state after the call is the rest of its state (the frame) with
// the Ensure the callee proves in that case; R1 … R5 become unreadable,
// R0 a fresh scalar, R6 … R10 and the stack outside the chunks passed stay.
func (r *run) localCall(s *state, i int, g *function) error {
	if g.contract == nil {
		return r.f.errorf(i, "call of %s, which has no contract", g.name)
	}
	if err := checkContract(g); err != nil {
		return err
	}
	cases, err := contractCases(g)
	if err != nil {
		return r.f.errorf(i, "call of %s: %v", g.name, err)
	}
	na := nargs(g.contract)
	var args [6]reg
	for k := 1; k <= 5; k++ {
		used := k <= na
		for _, cc := range cases {
			used = used || cc.kinds[k].k != kScalar
		}
		if !used {
			continue
		}
		a, err := r.read(s, i, isa.Register(k))
		if err != nil {
			return r.f.errorf(i, "argument of %s: %v", g.name, err)
		}
		switch a.k {
		case kScalar, kStack, kMapValue:
		default:
			return r.f.errorf(i, "argument R%d of %s is a %v: subprograms take scalars, stack pointers and map value pointers", k, g.name, a.k)
		}
		args[k] = a
	}
	ci := -1
	for j, cc := range cases {
		ok := true
		for k := 1; k <= 5; k++ {
			a, want := args[k], cc.kinds[k]
			switch want.k {
			case kArg:
				ok = ok && a.k == kStack
			case kMapValue:
				ok = ok && a.k == kMapValue && a.m == want.m && a.akind().atBase
			default:
				ok = ok && (a.k == kScalar || a.k == kUninit)
			}
		}
		if ok {
			ci = j
			break
		}
	}
	if ci < 0 {
		return r.f.errorf(i, "call of %s: no case of its Require fits the arguments (memory must be passed as a stack pointer or a map value pointer at its start, where the contract names it)", g.name)
	}
	cc := cases[ci]
	sub := map[string]sep.Term{}
	ids := r.freshen(contractWith(g.contract), sub)
	var hyp *state
	var nonNull []sep.Formula
	for k := 1; k <= 5; k++ {
		key := "R" + strconv.Itoa(k)
		a := args[k]
		if a.k == kUninit {
			sub[key] = r.freshVar("u")
		} else {
			sub[key] = a.value()
		}
		sub[key+"@pre"] = sub[key]
		if cc.kinds[k].k == kMapValue {
			// The pointer is a map value once it is not null: the call
			// VC's hypothesis says map_value and its goal non-null.
			nonNull = append(nonNull, cmp(sep.Ne, a.base, num(0)))
		}
	}
	pre := sep.Subst(cc.req, sub)
	free := map[string]bool{}
	for _, v := range sep.FreeVars(pre) {
		free[v] = true
	}
	var used []sep.Ident
	for _, id := range ids {
		if free[id.Name] {
			used = append(used, id)
		}
	}
	ids = used
	if err := r.footprint(i, g.name, "call of "+g.name+" passes", pre); err != nil {
		return err
	}
	if pn, err := sep.Normalize(pre); err == nil {
		for _, ch := range pn.Chunks {
			if off, n, ok := r.chunkExtent(ch); ok && n > 0 {
				s.mergeStack(off, n)
			}
		}
	}
	hyp = s.clone()
	for k := 1; k <= 5; k++ {
		if cc.kinds[k].k == kMapValue {
			hyp.assume(&sep.Pred{Name: "map_value", Args: []sep.Term{name(args[k].m), args[k].base}})
		}
	}
	if err := r.emit(hyp, i, "call", and(append(nonNull, exists(ids, pre))...)); err != nil {
		return err
	}
	for _, f := range nonNull {
		s.assume(f)
	}
	ret := r.freshVar("ret")
	sub["R0"] = ret
	post := sep.Subst(cc.ens, sub)
	s.assume(inRange(ret, big.NewInt(0), new(big.Int).Sub(two64, big.NewInt(1))))
	if err := r.callPost(s, i, pre, post); err != nil {
		return err
	}
	s.regs[0] = reg{k: kScalar, val: ret, size: 1}
	if k := retPointer(cc.ens, cc.kinds); k > 0 {
		// R0 may point into the memory passed as Rk: it becomes a
		// pointer of Rk's kind whose offset is its value minus Rk's base,
		// so that every access through it is checked against Rk's object.
		a := args[k]
		s.regs[0] = reg{k: a.k, m: a.m, base: a.base, off: norm(sub2(ret, a.base)), size: 3}
	}
	for k := 1; k <= 5; k++ {
		s.regs[k] = reg{}
	}
	return nil
}

// retPointer returns the argument register that an Ensure compares R0
// with (as in R1 <= R0 && R0 < R1 + R3), if there is exactly one and the
// case makes it a pointer; else 0.
func retPointer(ens sep.Formula, kinds [6]akind) int {
	found := 0
	sep.Walk(ens, func(n sep.Node) bool {
		c, ok := n.(*sep.Cmp)
		if !ok || c.Op == sep.Eq || c.Op == sep.Ne {
			return true
		}
		for _, side := range [2][2]sep.Term{{c.X, c.Y}, {c.Y, c.X}} {
			r0, ok := side[0].(*sep.Reg)
			if !ok || r0.N != 0 || r0.Pre {
				continue
			}
			for _, r := range regRoots(side[1]) {
				if r.N >= 1 && r.N <= 5 && kinds[r.N].k != kScalar {
					if found != 0 && found != r.N {
						found = -1
					} else if found == 0 {
						found = r.N
					}
				}
			}
		}
		return true
	})
	if found < 0 {
		return 0
	}
	return found
}

// callPost updates the state after a call: the chunks of pre that post
// restates unchanged stay, the other chunks of pre are forgotten, the
// chunks of post are added where the stack model can hold them (and
// forgotten otherwise), and the pure facts of both are assumed.
func (r *run) callPost(s *state, i int, pre, post sep.Formula) error {
	pn, qn, ren, same, err := r.contractParts(i, pre, post)
	if err != nil {
		return err
	}
	var carved [][2]int64
	for _, p := range pn.Chunks {
		if same(p, qn.Chunks) {
			continue
		}
		off, n, ok := r.chunkExtent(p)
		if !ok {
			return r.f.errorf(i, "the callee changes %v, which is not a stack region at a constant offset and size", p)
		}
		s.carve(off, n)
		carved = append(carved, [2]int64{off, n})
	}
	for _, f := range pn.Pure {
		r.assumeFact(s, sep.Subst(f, ren))
	}
	for _, f := range qn.Pure {
		r.assumeFact(s, sep.Subst(f, ren))
	}
	heldSet := false
	for _, q := range qn.Chunks {
		if same(q, pn.Chunks) {
			continue
		}
		q = substPred(q, ren)
		if !r.representable(q) {
			// A chunk at a variable offset or size in the bytes passed
			// (the callee owned no others): the held stack chunks own
			// it, and the ranges passed leave the frame's gaps.
			if q.Name != "undef_chars" && len(carved) > 0 && r.stackRooted(q) {
				s.sstack = append(s.sstack, q)
				if !heldSet {
					s.held = append(s.held, carved...)
					heldSet = true
				}
			}
			continue
		}
		if err := r.addChunk(s, i, q); err != nil {
			return err
		}
	}
	return nil
}

// representable reports whether the stack model can hold chunk q: a stack
// region at a constant offset with a constant size inside the frame, that
// was carved or never held.
func (r *run) representable(q *sep.Pred) bool {
	if len(q.Args) == 0 {
		return false
	}
	if _, ok := r.stackAddr(q.Args[0]); !ok {
		return false
	}
	if q.Name == "undef_chars" {
		return false // nothing to hold
	}
	_, n, ok := r.chunkExtent(q)
	return ok && n > 0
}

// pinEntryValues gives a register that the cut annotation goal states equal
// to an entry value (a top-level conjunct Rk == Rj@pre) that value instead
// of a fresh name: the runs from the cut point start from states where the
// equation holds.
func (r *run) pinEntryValues(s *state, goal sep.Formula) {
	var walk func(f sep.Formula)
	walk = func(f sep.Formula) {
		switch g := f.(type) {
		case *sep.And:
			walk(g.X)
			walk(g.Y)
		case *sep.Sep:
			walk(g.X)
			walk(g.Y)
		case *sep.Cmp:
			x, ok1 := g.X.(*sep.Reg)
			y, ok2 := g.Y.(*sep.Reg)
			if g.Op != sep.Eq || !ok1 || !ok2 || x.Pre || !y.Pre || x.N > 9 || y.N < 1 || y.N > 5 || r.f.entry {
				return
			}
			v := r.pre[y.N]
			switch reg := &s.regs[x.N]; reg.k {
			case kScalar:
				reg.val, reg.size = v, 1
			case kArg:
				reg.base, reg.off, reg.size = v, num(0), 1
			case kMapValue:
				reg.base, reg.off, reg.size = v, num(0), 1
				s.assume(r.mapValueFact(v, reg.m))
			}
		}
	}
	walk(goal)
}

// mergeStack joins the initialised regions that together cover the stack
// bytes [off, off+n) into one region of their bytes, the same contents in
// another form, so that a chunk passed to a call that straddles them is
// one split away from the state's.
func (s *state) mergeStack(off, n int64) {
	first, last := -1, -1
	for j, g := range s.stack {
		if g.off+g.n <= off || off+n <= g.off {
			continue
		}
		if g.spill != nil {
			return
		}
		if first < 0 {
			first = j
		} else if s.stack[last].off+s.stack[last].n != g.off {
			return // a gap
		}
		last = j
	}
	if first < 0 || first == last || s.stack[first].off > off || s.stack[last].off+s.stack[last].n < off+n {
		return
	}
	var elems []sep.Term
	for _, g := range s.stack[first : last+1] {
		lit, ok := g.list.(*sep.ListLit)
		if !ok || int64(len(lit.Elems)) != g.n {
			return
		}
		elems = append(elems, lit.Elems...)
	}
	m := region{off: s.stack[first].off, n: int64(len(elems)), list: &sep.ListLit{Elems: elems}}
	out := append([]region(nil), s.stack[:first]...)
	out = append(out, m)
	s.stack = append(out, s.stack[last+1:]...)
}

// release gives up the held frame ranges if a write touches one of them:
// their chunks are forgotten, and the bytes count as uninitialised again.
func (s *state) release(c, w int64) {
	for _, h := range s.held {
		if h[0] < c+w && c < h[0]+h[1] {
			s.held, s.sstack = nil, nil
			return
		}
	}
}

// heldAt reports whether a frame offset with a variable part has its
// constant part inside a held range.
func (s *state) heldAt(off sep.Term) bool {
	if len(s.held) == 0 {
		return false
	}
	if _, ok := literal(off); ok {
		return false
	}
	c := linOf(off).c
	if !c.IsInt64() {
		return false
	}
	for _, h := range s.held {
		if h[0] <= c.Int64() && c.Int64() < h[0]+h[1] {
			return true
		}
	}
	return false
}

// gaps returns the parts of the frame range [from, to) outside the held
// ranges.
func (s *state) gaps(from, to int64) [][2]int64 {
	out := [][2]int64{{from, to}}
	for _, h := range s.held {
		var next [][2]int64
		for _, g := range out {
			if h[0]+h[1] <= g[0] || g[1] <= h[0] {
				next = append(next, g)
				continue
			}
			if g[0] < h[0] {
				next = append(next, [2]int64{g[0], h[0]})
			}
			if h[0]+h[1] < g[1] {
				next = append(next, [2]int64{h[0] + h[1], g[1]})
			}
		}
		out = next
	}
	var res [][2]int64
	for _, g := range out {
		if g[0] < g[1] {
			res = append(res, g)
		}
	}
	return res
}

// stackRooted reports whether a chunk's address is the frame pointer plus
// an offset, a chars or data_at chunk with the arguments they need.
func (r *run) stackRooted(q *sep.Pred) bool {
	switch {
	case q.Name == "chars" && len(q.Args) == 3:
	case q.Name == "data_at" && len(q.Args) == 2:
		ty, ok := q.Type.(*sep.IntType)
		if !ok || (ty.Size != 1 && ty.Size != 2 && ty.Size != 4 && ty.Size != 8) {
			return false
		}
	default:
		return false
	}
	fp := r.fp.(*sep.Var).Name
	for _, v := range sep.FreeVars(q.Args[0]) {
		if v == fp {
			return true
		}
	}
	return false
}
