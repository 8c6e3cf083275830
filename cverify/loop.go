package cverify

import (
	"fmt"
	"math/big"

	"vep/cparse"
	"vep/sep"
)

// maxUnroll is the largest trip count of a loop without invariant.
const maxUnroll = 64

// loop executes a while, do or for loop: unrolled without invariant, cut
// at its invariant otherwise.
func (v *verifier) loop(st *state, s cparse.Stmt, inv *cparse.Invariant, init cparse.Stmt, cond cparse.Expr, post cparse.Stmt, body cparse.Stmt, isDo bool, c *conts) {
	switch x := init.(type) {
	case *cparse.Decl:
		c = v.scoped(c, []*cparse.Var{x.Var}, s.Pos(), "for loop")
	case *cparse.Block:
		c = v.scoped(c, declsOf(x.Stmts), s.Pos(), "for loop")
	}
	start := func(st *state) {
		if inv != nil {
			v.loopInv(st, s, inv, cond, post, body, isDo, c)
			return
		}
		st.iters[s] = 0
		exit := func(st *state) {
			delete(st.iters, s)
			c.next(st)
		}
		var head, iterate func(*state)
		afterBody := func(st *state) {
			if post == nil {
				head(st)
				return
			}
			v.exec(st, post, &conts{next: head, brk: exit, cont: head, ret: c.ret})
		}
		bodyConts := &conts{next: afterBody, cont: afterBody, brk: exit, ret: c.ret}
		iterate = func(st *state) {
			n := st.iters[s]
			if n >= maxUnroll {
				v.fail(s.Pos(), fmt.Sprintf("loop without invariant: cannot bound its trip count by a constant of at most %d; add /*@ Inv … Variant … */ before it", maxUnroll), nil, nil)
				return
			}
			st.iters[s] = n + 1
			v.exec(st, body, bodyConts)
		}
		head = func(st *state) {
			if cond == nil {
				iterate(st)
				return
			}
			v.cond(st, cond, func(st *state, b bool) {
				if b {
					iterate(st)
				} else {
					exit(st)
				}
			})
		}
		if isDo {
			iterate(st)
		} else {
			head(st)
		}
	}
	if init != nil {
		// Variables declared in the init clause live until the loop ends.
		ic := &conts{next: start, brk: c.brk, cont: c.cont, ret: c.ret}
		if b, ok := init.(*cparse.Block); ok {
			v.execList(st, b.Stmts, ic)
		} else {
			v.exec(st, init, ic)
		}
		return
	}
	start(st)
}

// loopInv executes a loop with an invariant: the invariant is proved on
// entry, the state is generalised to the invariant plus the frame of what
// the loop does not write, one arbitrary iteration is executed and must
// re-establish the invariant with a smaller variant.
func (v *verifier) loopInv(st *state, s cparse.Stmt, inv *cparse.Invariant, cond cparse.Expr, post cparse.Stmt, body cparse.Stmt, isDo bool, c *conts) {
	if !v.checkAnnot(st, inv.Annot, inv.Inv, s.Pos(), "loop invariant may not hold on entry") {
		return
	}
	ws := v.writeSet([]cparse.Stmt{body, post}, []cparse.Expr{cond})
	v.havoc(st, ws)
	v.assumeAnnot(st, inv.Annot, inv.Inv, s.Pos(), func(st *state) {
		v.loopIteration(st, s, inv, cond, post, body, isDo, c)
	})
}

// loopIteration executes one arbitrary iteration from the loop head.
func (v *verifier) loopIteration(st *state, s cparse.Stmt, inv *cparse.Invariant, cond cparse.Expr, post cparse.Stmt, body cparse.Stmt, isDo bool, c *conts) {
	var v0 sep.Term
	if inv.Variant != nil {
		env := &aenv{names: map[string]value{}, vars: true, annot: inv.Annot, at: s.Pos()}
		x, aerr := v.aval(st, env, inv.Variant)
		if aerr != nil {
			v.fail(aerr.pos, aerr.msg, nil, nil)
			return
		}
		v0 = v.addr(x)
		goal := cmp(sep.Ge, v0, num(0))
		if pr := v.prove(st, goal); !pr.ok {
			v.fail(inv.Annot.FilePos(inv.Variant.Pos()), "loop variant may be negative where the invariant holds", goal, &pr)
			return
		}
	}
	back := func(st *state) {
		if !v.checkAnnot(st, inv.Annot, inv.Inv, s.Pos(), "loop invariant may not be preserved by an iteration") {
			return
		}
		if inv.Variant == nil {
			v.fail(s.Pos(), "loop with invariant but without Variant: add Variant e to prove that it terminates", nil, nil)
			return
		}
		env := &aenv{names: map[string]value{}, vars: true, annot: inv.Annot, at: s.Pos()}
		x, aerr := v.aval(st, env, inv.Variant)
		if aerr != nil {
			v.fail(aerr.pos, aerr.msg, nil, nil)
			return
		}
		goal := cmp(sep.Lt, v.addr(x), v0)
		if pr := v.prove(st, goal); !pr.ok {
			v.fail(inv.Annot.FilePos(inv.Variant.Pos()), "loop variant may not decrease in an iteration", goal, &pr)
		}
		// The path ends here: the loop head is covered by the invariant.
	}
	testThen := func(st *state, yes func(*state)) {
		if cond == nil {
			yes(st)
			return
		}
		v.cond(st, cond, func(st *state, b bool) {
			if b {
				yes(st)
			} else {
				c.next(st)
			}
		})
	}
	afterBody := func(st *state) {
		if post != nil {
			v.exec(st, post, &conts{next: back, brk: c.next, cont: back, ret: c.ret})
			return
		}
		back(st)
	}
	if isDo {
		bc := &conts{brk: c.next, ret: c.ret}
		bc.next = func(st *state) { testThen(st, back) }
		bc.cont = bc.next
		v.exec(st, body, bc)
		return
	}
	testThen(st, func(st *state) {
		v.exec(st, body, &conts{next: afterBody, cont: afterBody, brk: c.next, ret: c.ret})
	})
}

// havoc forgets what a loop may write.
func (v *verifier) havoc(st *state, ws *writes) {
	fr := st.top()
	if ws.packet {
		st.killer[st.gen] = "a call in the loop"
		st.gen++
	}
	// Memory written through pointer variables: the objects they point
	// into now, when the loop moves them only along those objects.
	mem := ws.mem
	var objs []int
	for x := range ws.ptrs {
		ri, ok := fr.vars[x]
		if !ok || ws.vars[x] && !ws.self[x] {
			mem = true
			break
		}
		p, ok := currentValue(st.regions[ri], x.Type.Size())
		switch {
		case !ok:
			mem = true
		case p.k == kStack:
			objs = append(objs, p.region)
		case p.k == kScalar:
			// not a pointer the verifier tracks: any object may be hit
			mem = true
		}
	}
	if mem {
		for _, r := range st.regions {
			if r.shared {
				havocRegion(r)
			}
		}
	} else {
		for _, ri := range objs {
			havocRegion(st.regions[ri])
		}
	}
	for x := range ws.vars {
		ri, ok := fr.vars[x]
		if !ok {
			continue
		}
		v.havocVar(st, x, ri, ws.self[x])
	}
}

// currentValue returns the value a variable's storage r of w bytes holds,
// when one store wrote all of it.
func currentValue(r *region, w int64) (value, bool) {
	if r.dead != "" || int64(len(r.cells)) < w || w == 0 {
		return value{}, false
	}
	rec := r.cells[0].rec
	if rec == nil || rec.off != 0 || rec.w != w {
		return value{}, false
	}
	for i := int64(0); i < w; i++ {
		if r.cells[i].rec != rec {
			return value{}, false
		}
	}
	return rec.v, true
}

// havocVar gives variable x an arbitrary value of its type, keeping it
// uninitialised if it was. With keep set, a pointer keeps what it points
// into, at an arbitrary offset.
func (v *verifier) havocVar(st *state, x *cparse.Var, ri int, keep bool) {
	r := st.regions[ri]
	if r.dead != "" {
		return
	}
	r.written()
	_, isInt := x.Type.(*cparse.IntType)
	_, isPtr := x.Type.(*cparse.PointerType)
	if !isInt && !isPtr {
		havocRegion(r)
		return
	}
	w := x.Type.Size()
	for i := int64(0); i < w; i++ {
		if !r.cells[i].init {
			for j := int64(0); j < w; j++ {
				r.cells[j] = cell{init: r.cells[j].init}
			}
			return
		}
	}
	old := value{k: kScalar}
	if rec := r.cells[0].rec; rec != nil && rec.off == 0 && rec.w == w {
		old = rec.v
	}
	var nv value
	if keep && old.k != kScalar {
		nv = old
		switch old.k {
		case kPacket, kPktEnd:
			nv.t = v.freshIn(x.Name, big.NewInt(0), new(big.Int).Lsh(big.NewInt(1), 64))
		case kMap:
		default:
			nv.t = v.fresh(x.Name, cparse.S64)
		}
	} else {
		nv = scalar(v.fresh(x.Name, x.Type), x.Type)
	}
	if name, ok := nv.t.(*sep.Var); ok {
		v.hints[name.Name] = x.Name
	}
	rec := &record{off: 0, w: w, v: nv}
	for i := int64(0); i < w; i++ {
		r.cells[i] = cell{init: true, rec: rec}
	}
}

// checkAnnot proves the annotation f (one of its disjuncts) in st.
func (v *verifier) checkAnnot(st *state, an *cparse.Annotation, f sep.Formula, pos cparse.Pos, what string) bool {
	ds := disjuncts(f)
	if len(ds) == 1 {
		return v.checkAnnot1(st, an, f, pos, what)
	}
	var first *Diagnostic
	for _, d := range ds {
		ok, diag := v.attempt(func() bool { return v.checkAnnot1(st.clone(), an, d, pos, what) })
		if ok {
			return true
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

func (v *verifier) checkAnnot1(st *state, an *cparse.Annotation, f sep.Formula, pos cparse.Pos, what string) bool {
	n, err := sep.Normalize(f)
	if err != nil {
		v.fail(pos, fmt.Sprintf("unsupported annotation: %v", err), nil, nil)
		return false
	}
	env := &aenv{names: map[string]value{}, vars: true, annot: an, at: pos}
	for _, x := range n.Exists {
		env.names[x.Name] = unbound
	}
	for _, ch := range n.Chunks {
		if !v.checkChunk(st, env, env.pos(ch), ch, what) {
			return false
		}
	}
	for _, p := range n.Pure {
		g, aerr := v.apure(st, env, p)
		if aerr != nil {
			v.fail(aerr.pos, aerr.msg, nil, nil)
			return false
		}
		if pr := v.prove(st, g); !pr.ok {
			v.fail(env.pos(p), fmt.Sprintf("%s: %s", what, p), g, &pr)
			return false
		}
	}
	return true
}

// assumeAnnot continues with f assumed, once per disjunct of f that is not
// plainly false: its pure facts become path facts and its chunks over
// local memory mark the bytes they describe initialised (the annotation
// has been proved, so they are).
func (v *verifier) assumeAnnot(st *state, an *cparse.Annotation, f sep.Formula, pos cparse.Pos, k func(*state)) {
	ds := disjuncts(f)
	for i, d := range ds {
		if v.failed() {
			return
		}
		s := st
		if i < len(ds)-1 {
			s = st.clone()
		}
		if v.assume1(s, an, d, pos) {
			k(s)
		}
	}
}

func (v *verifier) assume1(st *state, an *cparse.Annotation, f sep.Formula, pos cparse.Pos) bool {
	n, err := sep.Normalize(f)
	if err != nil {
		v.fail(pos, fmt.Sprintf("unsupported annotation: %v", err), nil, nil)
		return false
	}
	env := &aenv{names: map[string]value{}, vars: true, annot: an, at: pos}
	for _, x := range n.Exists {
		env.names[x.Name] = scalar(v.freshIn("ex_"+x.Name, nil, nil), nil)
	}
	var facts []sep.Formula
	for _, p := range n.Pure {
		g, aerr := v.apure(st, env, p)
		if aerr != nil {
			v.fail(aerr.pos, aerr.msg, nil, nil)
			return false
		}
		if val, known := constTruth(g); known && !val {
			return false
		}
		facts = append(facts, g)
	}
	for _, g := range facts {
		st.addFact(g)
	}
	for _, ch := range n.Chunks {
		if ch.Name != "chars" && ch.Name != "array" && ch.Name != "data_at" {
			continue
		}
		ptr, size, aerr := v.chunkShape(st, env, ch)
		if aerr != nil || ptr.k != kStack {
			continue
		}
		r := st.regions[ptr.region]
		if r.dead != "" {
			continue
		}
		r.ranges = append(r.ranges, span{ptr.t, tadd(ptr.t, size.t)})
		// A proved chunk that covers the whole region states its contents.
		if ch.Name != "data_at" && r.whole == nil {
			if c, aerr := v.aval(st, env, ch.Args[len(ch.Args)-1]); aerr == nil && c.k == kScalar && c.t != nil {
				r.whole = chunkContents(ch, c.t)
				if v.wholeContents(st, ptr, size, ch) == nil {
					r.whole = nil
				}
			}
		}
	}
	return true
}

// assertCut proves an assertion and continues from it alone: variables it
// does not mention become uninitialised, those it mentions get arbitrary
// values, local memory it does not describe becomes uninitialised, and the
// path facts are replaced by its pure facts.
func (v *verifier) assertCut(st *state, s *cparse.Assert, next func(*state)) {
	if !v.checkAnnot(st, s.Annot, s.Formula, s.Pos(), "assertion may not hold") {
		return
	}
	mentioned := map[string]bool{}
	for _, k := range sep.FreeVars(s.Formula) {
		mentioned[k] = true
	}
	described := map[int]bool{}
	if n, err := sep.Normalize(s.Formula); err == nil {
		env := &aenv{names: map[string]value{}, vars: true, annot: s.Annot, at: s.Pos()}
		for _, x := range n.Exists {
			env.names[x.Name] = scalar(tvar(x.Name), nil)
		}
		for _, ch := range n.Chunks {
			if p, err := v.aval(st, env, ch.Args[0]); err == nil && p.k == kStack {
				described[p.region] = true
			}
		}
	}
	fr := st.top()
	for x, ri := range fr.vars {
		r := st.regions[ri]
		switch {
		case described[ri]:
			havocRegion(r)
		case mentioned[x.Name]:
			v.havocVar(st, x, ri, true)
		default:
			for i := range r.cells {
				r.cells[i] = cell{}
			}
			r.ranges = nil
			r.written()
		}
	}
	st.facts = nil
	v.assumeAnnot(st, s.Annot, s.Formula, s.Pos(), next)
}
