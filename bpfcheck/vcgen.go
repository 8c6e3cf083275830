package bpfcheck

import (
	"errors"
	"fmt"
	"math/big"
	"sort"
	"strconv"

	"vep/internal/contracts"
	"vep/internal/elfobj"
	"vep/internal/isa"
	"vep/internal/spec"
	"vep/proofs"
	"vep/sep"
)

// Obligation is one verification condition of an object: where it comes
// from and the VC itself. Kind is "load", "store", "atomic", "compare",
// "helper", "call", "exit" or "cut".
type Obligation struct {
	Section, Func string
	Insn          int
	Kind          string
	VC            proofs.VC
}

// String describes the obligation: function, instruction, kind and the VC
// in assertion syntax.
func (o Obligation) String() string {
	return fmt.Sprintf("%s/%s: instruction %d: %s: %v", o.Section, o.Func, o.Insn, o.Kind, o.VC)
}

// run is the symbolic execution of one function.
type run struct {
	c        *checker
	f        *function
	prog     *contracts.ProgramType   // the program type of an entry point
	progs    []*contracts.ProgramType // every program type the function runs under
	kinds    map[int]kinds
	fresh    int
	fp, ctx  sep.Term
	pre      [6]sep.Term
	nargs    int
	mapFacts []sep.Formula
	obs      []Obligation
	minOff   int64
	cases    []contractCase      // a subprogram's contract cases (see args.go)
	cs       int                 // the case being verified
	cutSel   map[int]sep.Formula // the disjunct of each cut annotation in this case
	inner    map[string]string   // the map name of each inner map: its outer map
}

func (r *run) newName(hint string) string {
	r.fresh++
	return r.c.prefix + hint + strconv.Itoa(r.fresh)
}

func (r *run) freshVar(hint string) sep.Term { return name(r.newName(hint)) }

// freshScalar returns a fresh unknown of the given unsigned width in bytes.
func (r *run) freshScalar(s *state, width int) reg {
	v := r.freshVar("x")
	hi := new(big.Int).Sub(new(big.Int).Lsh(big.NewInt(1), uint(8*width)), big.NewInt(1))
	s.assume(inRange(v, big.NewInt(0), hi))
	return reg{k: kScalar, val: v, size: 1}
}

// scalar makes a scalar register of t, or a fresh unknown of width bytes
// if t is too large.
func (r *run) scalar(s *state, t sep.Term, width int) reg {
	n := size(t)
	if n > MaxTermDepth*4 {
		return r.freshScalar(s, width)
	}
	return reg{k: kScalar, val: t, size: n}
}

// emit records the obligation hyp(s) |- goal.
func (r *run) emit(s *state, i int, kind string, goal sep.Formula) error {
	if r.c.nvc >= MaxVCs {
		return r.f.errorf(i, "more than %d verification conditions", MaxVCs)
	}
	r.c.nvc++
	r.obs = append(r.obs, Obligation{Section: r.f.sec.Name, Func: r.f.name, Insn: i, Kind: kind,
		VC: proofs.VC{Hyp: r.hyp(s), Goal: goal}})
	return nil
}

// hyp returns the state as an assertion: map facts, path facts, and the
// initialised stack bytes as chunks.
func (r *run) hyp(s *state) sep.Formula {
	facts := append(append([]sep.Formula(nil), r.mapFacts...), s.facts...)
	// The frame [R10-512, R10) is the function's: the bytes of no region
	// are owned but uninitialised.
	var chunks []sep.Formula
	gap := func(from, to int64) {
		for _, g := range s.gaps(from, to) {
			chunks = append(chunks, &sep.Pred{Name: "undef_chars", Args: []sep.Term{add(r.fp, num(g[0])), num(g[1] - g[0])}})
		}
	}
	cur := int64(-MaxStack)
	for _, g := range s.stack {
		gap(cur, g.off)
		if g.spill == nil { // a spilled pointer is no data a VC may use
			chunks = append(chunks, r.chunk(g))
		}
		cur = g.off + g.n
	}
	gap(cur, 0)
	for _, c := range append(append([]*sep.Pred(nil), s.args...), s.sstack...) {
		chunks = append(chunks, c)
	}
	if len(chunks) == 0 {
		return and(facts...)
	}
	return &sep.And{X: and(facts...), Y: sep.Star(chunks...)}
}

func (r *run) chunk(g region) *sep.Pred {
	addr := add(r.fp, num(g.off))
	if g.hint != nil {
		return &sep.Pred{Name: "data_at", Type: intType(int(g.n), false), Args: []sep.Term{addr, g.hint}}
	}
	return &sep.Pred{Name: "chars", Args: []sep.Term{addr, num(g.n), g.list}}
}

// baseState returns the facts every state of the function starts with.
func (r *run) baseState() *state {
	s := &state{}
	s.regs[10] = reg{k: kStack, base: r.fp, off: num(0), size: 1}
	s.assume(and(cmp(sep.Le, bigNum(addrLo), sub(r.fp, num(MaxStack))), cmp(sep.Le, r.fp, bigNum(addrHi))))
	if r.prog != nil {
		s.assume(addrFacts(r.ctx, num(r.prog.Context.Size)))
		s.assume(&sep.Pred{Name: "ctx", Args: []sep.Term{r.ctx}})
	}
	return s
}

// entryState is the state at the function's entry.
func (r *run) entryState() (*state, error) {
	s := r.baseState()
	s.start = -1 // the entry run
	if r.f.entry {
		s.regs[1] = reg{k: kCtx, base: r.ctx, off: num(0), size: 1}
		return s, nil
	}
	return r.subEntryState(s)
}

// regSubst maps R0 … R10 to their current values (a fresh name for an
// uninitialised register) and Rk@pre to the entry values.
func (r *run) regSubst(s *state) map[string]sep.Term {
	sub := map[string]sep.Term{}
	for k := 0; k <= 10; k++ {
		key := "R" + strconv.Itoa(k)
		g := s.regs[k]
		if g.k == kUninit || g.k == kInvalid {
			sub[key] = r.freshVar("u")
		} else {
			sub[key] = g.value()
		}
		if k >= 1 && k <= 5 {
			sub[key+"@pre"] = r.pre[k]
		} else {
			sub[key+"@pre"] = r.freshVar("u")
		}
	}
	return sub
}

// cutFormula returns the assertion of a cut point.
func cutFormula(a *sep.Annotation) sep.Formula {
	if a.Kind == sep.LoopInv {
		return a.Inv
	}
	return a.Assert
}

// cutState returns the state at the start of a run from cut point at: the
// kinds the analysis found, and the annotation alone.
func (r *run) cutState(at int) (*state, error) {
	ks, ok := r.kinds[at]
	if !ok {
		return nil, nil // unreachable
	}
	s := r.baseState()
	s.start = at
	var fv [10]sep.Term
	for k := 0; k < 10; k++ {
		switch ks[k].k {
		case kScalar:
			v := r.freshVar("r")
			s.regs[k] = reg{k: kScalar, val: v, size: 1}
			s.assume(inRange(v, big.NewInt(0), new(big.Int).Sub(two64, big.NewInt(1))))
		case kStack:
			v := r.freshVar("r")
			fv[k] = v
			s.regs[k] = reg{k: kStack, base: r.fp, off: norm(sub2(v, r.fp)), size: 3}
		case kArg:
			v := r.freshVar("r")
			s.regs[k] = reg{k: kArg, base: v, off: num(0), size: 1}
			s.assume(inRange(v, big.NewInt(0), new(big.Int).Sub(two64, big.NewInt(1))))
		case kCtx:
			if r.prog == nil {
				return nil, r.f.errorf(at, "context pointer in a subprogram")
			}
			s.regs[k] = reg{k: kCtx, base: r.ctx, off: num(0), size: 1}
		case kPacket, kPacketEnd:
			r.packet(s)
			if ks[k].k == kPacketEnd {
				s.regs[k] = reg{k: kPacketEnd, base: s.pktE, off: num(0), size: 1}
				continue
			}
			v := r.freshVar("r")
			fv[k] = v
			s.regs[k] = reg{k: kPacket, base: s.pktD, off: norm(sub2(v, s.pktD)), size: 3}
			s.assume(and(cmp(sep.Le, s.pktD, v), cmp(sep.Le, v, s.pktE)))
		case kMap:
			s.regs[k] = reg{k: kMap, m: ks[k].m, base: name(ks[k].m), off: num(0), size: 1}
		case kMapValue:
			if !ks[k].atBase {
				return nil, r.f.errorf(at, "R%d points inside a map value at the cut point: keep the value's start in a register", k)
			}
			v := r.freshVar("r")
			s.regs[k] = reg{k: kMapValue, m: ks[k].m, base: v, off: num(0), size: 1}
			s.assume(r.mapValueFact(v, ks[k].m))
		case kInnerMap:
			s.regs[k] = r.innerMap(s, ks[k].m, r.freshVar("r"))
		default:
			s.regs[k] = reg{k: ks[k].k}
		}
	}
	goal, err := r.cutGoal(at)
	if err != nil {
		return nil, err
	}
	r.pinEntryValues(s, goal)
	sub := r.regSubst(s)
	n, err := sep.Normalize(sep.Subst(goal, sub))
	if err != nil {
		return nil, r.f.errorf(at, "annotation: %v", err)
	}
	ren := map[string]sep.Term{}
	for _, e := range n.Exists {
		ren[e.Name] = r.freshVar("e")
	}
	for _, p := range n.Pure {
		p = sep.Subst(p, ren)
		r.assumeFact(s, p)
		// A defining equation Rk == e fixes a pointer's offset.
		if c, ok := p.(*sep.Cmp); ok && c.Op == sep.Eq {
			for k := 0; k < 10; k++ {
				g := &s.regs[k]
				if (g.k == kStack || g.k == kPacket) && fv[k] != nil && sep.Equal(c.X, fv[k]) {
					g.off = norm(sub2(c.Y, g.base))
					g.size = size(g.off)
				}
			}
		}
	}
	for _, ch := range n.Chunks {
		ch = substPred(ch, ren)
		if len(ch.Args) > 0 && !r.f.entry {
			if _, ok := r.stackAddr(ch.Args[0]); !ok {
				if err := r.addArgChunk(s, at, ch); err != nil {
					return nil, err
				}
				continue
			}
		}
		if err := r.addChunk(s, at, ch); err != nil {
			return nil, err
		}
	}
	// Snapshot the variant of every loop that contains this cut point.
	s.heads = map[int]sep.Term{}
	for _, h := range sortedInts(r.f.loops) {
		if h != at && !r.f.loops[h][at] {
			continue
		}
		v := r.freshVar("v")
		s.heads[h] = v
		s.assume(cmp(sep.Eq, v, sep.SubstTerm(r.f.cuts[h].Variant, sub)))
	}
	return s, nil
}

func sortedInts[V any](m map[int]V) []int {
	idx := make([]int, 0, len(m))
	for i := range m {
		idx = append(idx, i)
	}
	sort.Ints(idx)
	return idx
}

func sub2(x, y sep.Term) sep.Term { return &sep.Binary{Op: sep.Sub, X: x, Y: y} }

func substPred(p *sep.Pred, s map[string]sep.Term) *sep.Pred {
	return sep.Subst(p, s).(*sep.Pred)
}

// packet makes sure the state has names for the current packet.
func (r *run) packet(s *state) {
	if s.pktD != nil {
		return
	}
	s.pktD, s.pktE = r.freshVar("pkt"), r.freshVar("pktend")
	s.assume(and(cmp(sep.Le, bigNum(addrLo), s.pktD), cmp(sep.Le, s.pktD, s.pktE), cmp(sep.Le, s.pktE, bigNum(addrHi))))
}

func (r *run) mapValueFact(v sep.Term, m string) sep.Formula {
	return &sep.Or{X: cmp(sep.Eq, v, num(0)), Y: addrFacts(v, mapAttr("value_size", m))}
}

func mapAttr(fn, m string) sep.Term { return &sep.Call{Fun: fn, Args: []sep.Term{mapRef(m)}} }

// stackAddr returns the constant frame offset of a stack address term.
func (r *run) stackAddr(t sep.Term) (int64, bool) { return constOf(sub2(t, r.fp)) }

// addChunk adds an annotation's chunk to the stack model.
func (r *run) addChunk(s *state, at int, ch *sep.Pred) error {
	if len(ch.Args) == 0 {
		return r.f.errorf(at, "chunk %v without arguments", ch)
	}
	off, ok := r.stackAddr(ch.Args[0])
	if !ok {
		return r.f.errorf(at, "chunk %v is not at a constant offset from R10: only stack chunks may stand in a cut point", ch)
	}
	var g region
	switch ch.Name {
	case "chars", "undef_chars":
		if len(ch.Args) < 2 || ch.Name == "chars" && len(ch.Args) < 3 {
			return r.f.errorf(at, "chunk %v has too few arguments", ch)
		}
		n, ok := r.constSize(ch.Args[1])
		if !ok || n <= 0 {
			return r.f.errorf(at, "chunk %v has no constant positive size", ch)
		}
		g = region{off: off, n: n}
		if ch.Name == "chars" {
			g.list = ch.Args[2]
		}
	case "data_at":
		ty, ok := ch.Type.(*sep.IntType)
		if len(ch.Args) < 2 || !ok || (ty.Size != 1 && ty.Size != 2 && ty.Size != 4 && ty.Size != 8) {
			return r.f.errorf(at, "chunk %v: only integer data_at chunks are supported", ch)
		}
		v := cast(intType(ty.Size, false), ch.Args[1])
		g = region{off: off, n: int64(ty.Size), list: byteList(v, int64(ty.Size)), hint: v}
	default:
		return r.f.errorf(at, "chunk %v: only chars, undef_chars and data_at may describe the stack", ch)
	}
	if !inFrame(g.off, g.n) {
		return r.f.errorf(at, "chunk %v lies outside the stack frame", ch)
	}
	for _, h := range s.stack {
		if h.off < g.off+g.n && g.off < h.off+h.n {
			return r.f.errorf(at, "chunks overlap at R10%+d", g.off)
		}
	}
	r.touch(g.off)
	if g.list != nil {
		s.stack = append(s.stack, g)
		sortRegions(s.stack)
	}
	return nil
}

func (r *run) touch(off int64) {
	if off < r.minOff {
		r.minOff = off
	}
}

// explore executes every path from start (the entry or a cut point).
// If atCut is false and start carries a cut annotation (the function's
// first instruction), the path arrives there at once.
func (r *run) explore(start int, s0 *state, atCut bool) error {
	type item struct {
		pc, from int
		s        *state
		first    bool
	}
	work := []item{{pc: start, from: -1, s: s0, first: atCut}}
	paths, steps := 1, 0
	for len(work) > 0 {
		it := work[len(work)-1]
		work = work[:len(work)-1]
		if !it.first {
			if _, ok := r.f.cuts[it.pc]; ok {
				if err := r.arrive(it.s, it.from, it.pc); err != nil {
					return err
				}
				continue
			}
		}
		steps++
		r.c.steps++
		if r.c.steps > MaxSteps {
			return r.f.errorf(start, "the object needs more than %d symbolic steps: add assertions or split it", MaxSteps)
		}
		if len(it.s.facts) > MaxFacts {
			return r.f.errorf(it.pc, "path from instruction %d is too long (%d facts): add an assertion", start, len(it.s.facts))
		}
		if steps > MaxPathSteps {
			return r.f.errorf(start, "more than %d instructions to execute from here to the next cut points: add an assertion", MaxPathSteps)
		}
		next, err := r.step(it.s, it.pc)
		if err != nil {
			return err
		}
		if len(next) > 1 {
			paths += len(next) - 1
			if paths > MaxPaths {
				return r.f.errorf(start, "more than %d paths from here to the next cut points: add an assertion where paths merge", MaxPaths)
			}
		}
		for j := len(next) - 1; j >= 0; j-- {
			work = append(work, item{pc: next[j].pc, from: it.pc, s: next[j].s})
		}
	}
	return nil
}

type succ struct {
	pc int
	s  *state
}

// arrive checks a path that reaches cut point at from instruction from.
func (r *run) arrive(s *state, from, at int) error {
	ks, ok := r.kinds[at]
	if !ok {
		return r.f.errorf(at, "internal: cut point without kinds")
	}
	for k := 0; k < 10; k++ {
		if !compatible(s.regs[k].akind(), ks[k]) {
			return r.f.errorf(at, "R%d is a %v when reaching the cut point from instruction %d, but a %v on other paths", k, s.regs[k].akind(), from, ks[k])
		}
	}
	sub := r.regSubst(s)
	cg, err := r.cutGoal(at)
	if err != nil {
		return err
	}
	goal := []sep.Formula{sep.Subst(cg, sub)}
	for k := 0; k < 10; k++ {
		if ks[k].k == kPacket {
			v := s.regs[k].value()
			goal = append(goal, and(cmp(sep.Le, s.regs[k].base, v), cmp(sep.Le, v, s.pktE)))
		}
	}
	// Termination: along the cut points of a loop its variant never
	// increases, and it decreases strictly, from a value >= 0, on each
	// run that ends with a back edge to the loop head.
	if _, ok := s.heads[at]; !ok && r.f.back[[2]int{from, at}] && s.start >= 0 {
		return r.f.errorf(from, "internal: back edge to the loop at instruction %d from a run outside the loop", at)
	} // else the entry run, which happens once
	for _, h := range sortedInts(s.heads) {
		v0 := s.heads[h]
		v := sep.SubstTerm(r.f.cuts[h].Variant, sub)
		switch {
		case at == h && r.f.back[[2]int{from, at}]:
			goal = append(goal, and(cmp(sep.Le, num(0), v0), cmp(sep.Lt, v, v0)))
		case at != h && r.f.loops[h][at]:
			goal = append(goal, cmp(sep.Le, v, v0))
		}
	}
	return r.emit(s, from, "cut", and(goal...))
}

// exit checks the return value.
func (r *run) exit(s *state, i int) error {
	if !r.f.entry {
		return r.subExit(s, i)
	}
	r0 := s.regs[0]
	if r0.k != kScalar {
		return r.f.errorf(i, "exit with R0 %v: the return value must be a scalar", r0.k)
	}
	rule := r.prog.Return
	var rg *contracts.Range
	if rule.Checked {
		rg = &rule.Range
	} else if rule.Meaningful != nil {
		rg = rule.Meaningful
	}
	if rg == nil {
		return nil
	}
	v := r0.val
	if rg.Min < 0 {
		v = cast(s64Type, v)
	}
	return r.emit(s, i, "exit", and(cmp(sep.Le, num(rg.Min), v), cmp(sep.Le, v, num(rg.Max))))
}

// step executes instruction i and returns the successors.
func (r *run) step(s *state, i int) ([]succ, error) {
	ins := r.f.sec.Insns[i]
	one := func() ([]succ, error) { return []succ{{i + 1, s}}, nil }
	switch c := ins.OpCode.Class(); {
	case ins.IsExit():
		return nil, r.exit(s, i)
	case ins.IsCall():
		if err := r.call(s, i, ins); err != nil {
			return nil, err
		}
		return one()
	case ins.IsJump():
		return r.jump(s, i, ins)
	case c.IsALU():
		if err := r.alu(s, i, ins); err != nil {
			return nil, err
		}
		return one()
	case ins.IsLoadImm64():
		if err := r.lddw(s, i, ins); err != nil {
			return nil, err
		}
		return one()
	case c == isa.ClassLDX || ins.IsStore() || ins.IsAtomic():
		if err := r.access(s, i, ins); err != nil {
			return nil, err
		}
		return one()
	}
	return nil, r.f.errorf(i, "unsupported instruction %v", ins)
}

// GenerateVCs derives the verification conditions of obj and its bytecode
// annotations, in the order Check expects their proofs. It returns an error
// if any program is rejected before proofs matter (no invariant at a back
// edge, a read of an uninitialised register, a forbidden helper, …).
func GenerateVCs(obj *elfobj.Object, annotations []spec.Entry) ([]Obligation, error) {
	c, ferr, err := build(obj, annotations)
	if err != nil {
		return nil, err
	}
	order, res := c.generate(ferr)
	var errs []error
	for _, p := range c.progs {
		if p.err != nil {
			errs = append(errs, p.err)
		}
	}
	var obs []Obligation
	for _, f := range order {
		if res[f].err != nil {
			errs = append(errs, res[f].err)
		}
		obs = append(obs, res[f].obs...)
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return obs, nil
}
