package bpfcheck

import (
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"vep/internal/contracts"
	"vep/internal/elfobj"
	"vep/internal/isa"
	"vep/internal/spec"
	"vep/sep"
)

// checker holds the functions of one object.
type checker struct {
	obj    *elfobj.Object
	maps   map[string]*elfobj.Map
	prefix string
	funcs  []*function
	progs  []*program
	nvc    int
	steps  int
}

// program is one program of the object: its entry and the subprograms it
// reaches.
type program struct {
	entry *function
	prog  *contracts.ProgramType
	funcs []*function
	err   error
}

// funcResult is the outcome of generating the VCs of one function.
type funcResult struct {
	obs   []Obligation
	err   error
	bytes int           // proof bytes
	time  time.Duration // derivation and proof checking
}

func (c *checker) mapType(m string) contracts.MapType {
	if d, ok := c.maps[m]; ok {
		return contracts.MapType(d.Type)
	}
	return 0
}

func isIdent(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		ch := s[i]
		if !(ch == '_' || 'a' <= ch && ch <= 'z' || 'A' <= ch && ch <= 'Z' || i > 0 && '0' <= ch && ch <= '9') {
			return false
		}
	}
	return true
}

// build reads the structure of obj: functions, annotations, relocations,
// programs and call graph. Errors of one function are kept in results.
func build(obj *elfobj.Object, ann []spec.Entry) (*checker, map[*function]error, error) {
	if obj == nil {
		return nil, nil, errors.New("bpfcheck: no object")
	}
	c := &checker{obj: obj, maps: map[string]*elfobj.Map{}}
	total := 0
	for _, s := range obj.Code {
		total += len(s.Insns)
	}
	if total > MaxInsns {
		return nil, nil, fmt.Errorf("bpfcheck: %d instructions exceed the limit of %d", total, MaxInsns)
	}
	for _, m := range obj.Maps {
		if m == nil || !isIdent(m.Name) {
			continue
		}
		if _, dup := c.maps[m.Name]; dup {
			return nil, nil, fmt.Errorf("bpfcheck: two maps named %s", m.Name)
		}
		c.maps[m.Name] = m
	}
	ferr := map[*function]error{}
	byName := map[string][]*function{}
	bySec := map[string][]*function{}
	for si, s := range obj.Code {
		if s == nil {
			continue
		}
		if _, dup := bySec[s.Name]; dup {
			return nil, nil, fmt.Errorf("bpfcheck: two code sections named %q", s.Name)
		}
		bySec[s.Name] = nil
		slots := isa.SlotIndex(s.Insns)
		prevEnd := 0
		for _, fn := range s.Funcs {
			f := &function{sec: s, secIndex: si, name: fn.Name, start: fn.Start, end: fn.Start + fn.Len, slots: slots,
				cuts: map[int]*sep.Annotation{}, maps: map[int]string{}, calls: map[int]*function{}}
			if fn.Len <= 0 || fn.Start < prevEnd || f.end > len(s.Insns) {
				return nil, nil, fmt.Errorf("bpfcheck: section %s: function %s has a bad extent", s.Name, fn.Name)
			}
			prevEnd = f.end
			c.funcs = append(c.funcs, f)
			byName[fn.Name] = append(byName[fn.Name], f)
			bySec[s.Name] = append(bySec[s.Name], f)
		}
	}
	at := func(sec string, i int) *function {
		for _, f := range bySec[sec] {
			if i >= f.start && i < f.end {
				return f
			}
		}
		return nil
	}
	// Annotations.
	cfg := &sep.Config{Mode: sep.ModeBytecode}
	var names []string
	for _, e := range ann {
		f := at(e.Section, e.Index)
		if f == nil {
			return nil, nil, fmt.Errorf("bpfcheck: annotation at %s instruction %d is outside every function", e.Section, e.Index)
		}
		if len(e.Text) > MaxAnnotation {
			ferr[f] = f.errorf(e.Index, "annotation of %d bytes is too long", len(e.Text))
			continue
		}
		a, err := sep.ParseAnnotation(e.Text, cfg)
		if err != nil {
			ferr[f] = f.errorf(e.Index, "annotation %q: %v", e.Text, err)
			continue
		}
		sep.Walk(annotationNode(a), func(n sep.Node) bool {
			switch n := n.(type) {
			case *sep.Var:
				names = append(names, n.Name)
			case *sep.Exists:
				for _, v := range n.Vars {
					names = append(names, v.Name)
				}
			case *sep.Forall:
				for _, v := range n.Vars {
					names = append(names, v.Name)
				}
			}
			return true
		})
		for _, w := range a.With {
			names = append(names, w.Name)
		}
		switch {
		case e.Kind == spec.Contract && a.Kind == sep.Contract:
			if e.Index != f.start || f.contract != nil {
				ferr[f] = f.errorf(e.Index, "a contract must stand once, at the function's first instruction")
				continue
			}
			f.contract = a
		case e.Kind == spec.Invariant && a.Kind == sep.LoopInv, e.Kind == spec.Assertion && a.Kind == sep.Assertion:
			if f.cuts[e.Index] != nil {
				ferr[f] = f.errorf(e.Index, "two cut annotations at one instruction")
				continue
			}
			f.cuts[e.Index] = a
		default:
			ferr[f] = f.errorf(e.Index, "annotation %q is not a %v", e.Text, e.Kind)
		}
	}
	for m := range c.maps {
		names = append(names, m)
	}
	c.prefix = "vep_"
	for again := true; again; {
		again = false
		for _, n := range names {
			if strings.HasPrefix(n, c.prefix) {
				c.prefix += "_"
				again = true
				break
			}
		}
	}
	// Relocations and calls.
	for _, f := range c.funcs {
		for _, rl := range f.sec.Relocs {
			if rl.Index < f.start || rl.Index >= f.end {
				continue
			}
			switch rl.Kind {
			case elfobj.RelocMap:
				if !isIdent(rl.Symbol) {
					ferr[f] = f.errorf(rl.Index, "map name %q is not an identifier", rl.Symbol)
				}
				f.maps[rl.Index] = rl.Symbol
			case elfobj.RelocCall:
				gs := byName[rl.Symbol]
				if len(gs) != 1 {
					ferr[f] = f.errorf(rl.Index, "call of %q, which is not exactly one function", rl.Symbol)
					continue
				}
				// As for libbpf, the relocation decides the target; the
				// call's immediate is a placeholder.
				f.calls[rl.Index] = gs[0]
			default:
				ferr[f] = f.errorf(rl.Index, "unsupported relocation kind %d", rl.Kind)
			}
		}
		for i := f.start; i < f.end; i++ {
			ins := f.sec.Insns[i]
			if !ins.IsLocalCall() || f.calls[i] != nil {
				continue
			}
			t, ok := isa.JumpTarget(f.sec.Insns, f.slots, i)
			var g *function
			if ok {
				for _, h := range bySec[f.sec.Name] {
					if h.start == t {
						g = h
					}
				}
			}
			if g == nil {
				ferr[f] = f.errorf(i, "call target is not the start of a function")
				continue
			}
			f.calls[i] = g
		}
	}
	// Programs: every global function of a section other than .text, and
	// the function at its first instruction, is an entry point.
	for _, s := range obj.Code {
		if s == nil || s.Name == ".text" || len(s.Insns) == 0 {
			continue
		}
		fs := bySec[s.Name]
		if len(fs) == 0 || fs[0].start != 0 {
			return nil, nil, fmt.Errorf("bpfcheck: section %s: code before its first function", s.Name)
		}
		for k, e := range fs {
			if k > 0 && !s.Funcs[k].Global {
				continue
			}
			e.entry = true
			p := &program{entry: e}
			p.prog, p.err = contracts.ProgramTypeOf(s.Name)
			c.progs = append(c.progs, p)
		}
	}
	memo, visits := map[*function]int{}, 0
	for _, p := range c.progs {
		if p.err != nil {
			continue
		}
		if _, p.err = c.callDepth(p.entry, memo); p.err != nil {
			continue
		}
		seen := map[*function]bool{p.entry: true}
		p.funcs = []*function{p.entry}
		for k := 0; k < len(p.funcs); k++ {
			f := p.funcs[k]
			for _, i := range sortedKeys(f.calls) {
				g := f.calls[i]
				if g.entry {
					p.err = f.errorf(i, "call of the program entry %s", g.name)
				}
				if !seen[g] {
					seen[g] = true
					p.funcs = append(p.funcs, g)
					if visits++; visits > MaxInsns {
						return nil, nil, fmt.Errorf("bpfcheck: the call graph is too large")
					}
				}
			}
		}
	}
	return c, ferr, nil
}

func sortedKeys(m map[int]*function) []int {
	idx := make([]int, 0, len(m))
	for i := range m {
		idx = append(idx, i)
	}
	sort.Ints(idx)
	return idx
}

// callDepth returns the depth of the call tree below f (1 for a leaf),
// rejecting recursion and depths above MaxCallDepth. memo holds 0 for a
// function being visited and the depth of a finished one.
func (c *checker) callDepth(f *function, memo map[*function]int) (int, error) {
	if d, ok := memo[f]; ok {
		if d == 0 {
			return 0, f.errorf(f.start, "recursive call of %s", f.name)
		}
		return d, nil
	}
	memo[f] = 0
	d := 1
	for _, i := range sortedKeys(f.calls) {
		e, err := c.callDepth(f.calls[i], memo)
		if err != nil {
			return 0, err
		}
		if e+1 > d {
			d = e + 1
		}
	}
	if d > MaxCallDepth {
		return 0, f.errorf(f.start, "calls nest deeper than %d", MaxCallDepth)
	}
	memo[f] = d
	return d, nil
}

func annotationNode(a *sep.Annotation) sep.Node {
	var fs []sep.Formula
	for _, f := range []sep.Formula{a.Require, a.Ensure, a.Inv, a.Assert} {
		if f != nil {
			fs = append(fs, f)
		}
	}
	f := and(fs...)
	if a.Variant != nil {
		f = &sep.And{X: f, Y: cmp(sep.Eq, a.Variant, a.Variant)}
	}
	return f
}

// generate derives the VCs of every function some program reaches, in a
// fixed order: program entries in section order, then subprograms by
// section and position.
func (c *checker) generate(ferr map[*function]error) ([]*function, map[*function]*funcResult) {
	progsOf := map[*function][]*contracts.ProgramType{}
	var order []*function
	for _, p := range c.progs {
		if p.err != nil {
			continue
		}
		for _, f := range p.funcs {
			if _, ok := progsOf[f]; !ok {
				order = append(order, f)
			}
			progsOf[f] = append(progsOf[f], p.prog)
		}
	}
	sort.SliceStable(order, func(a, b int) bool {
		fa, fb := order[a], order[b]
		if fa.entry != fb.entry {
			return fa.entry
		}
		if fa.secIndex != fb.secIndex {
			return fa.secIndex < fb.secIndex
		}
		return fa.start < fb.start
	})
	res := map[*function]*funcResult{}
	for _, f := range order {
		fr := &funcResult{err: ferr[f]}
		res[f] = fr
		if fr.err != nil {
			continue
		}
		r := &run{c: c, f: f, progs: progsOf[f]}
		if f.entry {
			r.prog = progsOf[f][0]
		}
		t0 := time.Now()
		fr.obs, fr.err = r.generate()
		fr.time = time.Since(t0)
		f.frame = -r.minOff
	}
	memo := map[*function]int64{}
	for _, p := range c.progs {
		if p.err == nil {
			if d := c.stackDepth(p.entry, memo); d > MaxStack {
				p.err = p.entry.errorf(-1, "combined stack of %d bytes on the deepest call chain exceeds %d", d, MaxStack)
			}
		}
	}
	return order, res
}

// stackDepth returns the largest combined stack of a call chain from f,
// each frame rounded up to 32 bytes as the kernel does. The call graph is
// acyclic (see callDepth).
func (c *checker) stackDepth(f *function, memo map[*function]int64) int64 {
	if d, ok := memo[f]; ok {
		return d
	}
	fr := f.frame
	if fr < 1 {
		fr = 1
	}
	var below int64
	for _, i := range sortedKeys(f.calls) {
		if d := c.stackDepth(f.calls[i], memo); d > below {
			below = d
		}
	}
	memo[f] = (fr+31)/32*32 + below
	return memo[f]
}

// generate derives the VCs of r.f.
func (r *run) generate() ([]Obligation, error) {
	f := r.f
	if err := f.analyse(); err != nil {
		return nil, err
	}
	r.fp = name(r.c.prefix + "fp")
	r.ctx = name(r.c.prefix + "ctx")
	for k := 1; k <= 5; k++ {
		r.pre[k] = name(fmt.Sprintf("%sa%d", r.c.prefix, k))
	}
	if f.entry {
		if f.contract != nil {
			// Only the program type says what an entry point gets;
			// a contract there would be an unchecked assumption.
			return nil, f.errorf(f.start, "program entry point %s has a contract annotation: its contract is the program type's", f.name)
		}
		r.pre[1] = r.ctx
	} else {
		if f.contract == nil {
			return nil, f.errorf(f.start, "subprogram %s has no contract", f.name)
		}
		if err := checkContract(f); err != nil {
			return nil, err
		}
		r.nargs = nargs(f.contract)
	}
	for _, g := range f.calls {
		if g.contract != nil {
			if err := checkContract(g); err != nil {
				return nil, err
			}
		}
	}
	r.mapFacts = r.c.mapFacts(f)
	ncases := 1
	if !f.entry {
		cs, err := contractCases(f)
		if err != nil {
			return nil, err
		}
		r.cases, ncases = cs, len(cs)
	}
	// A subprogram is verified once per case of its Require (see args.go).
	for r.cs = 0; r.cs < ncases; r.cs++ {
		r.cutSel = nil
		if err := r.generateCase(); err != nil {
			return nil, err
		}
	}
	return r.obs, nil
}

// generateCase derives the VCs of r.f from its entry (in case r.cs) and
// from its cut points.
func (r *run) generateCase() error {
	f := r.f
	s, err := r.entryState()
	if err != nil {
		return err
	}
	var entry kinds
	for k := range entry {
		entry[k] = s.regs[k].akind()
	}
	r.kinds = r.flowKinds(entry)
	if err := r.explore(f.start, s, false); err != nil {
		return err
	}
	idx := make([]int, 0, len(f.cuts))
	for i := range f.cuts {
		idx = append(idx, i)
	}
	sort.Ints(idx)
	for _, i := range idx {
		s, err := r.cutState(i)
		if err != nil {
			return err
		}
		if s == nil {
			continue
		}
		if err := r.explore(i, s, true); err != nil {
			return err
		}
	}
	return nil
}

// checkContract checks that a subprogram contract speaks of R0 (in Ensure)
// and R1 … R5 only, and names memory only by chars, undef_chars, data_at
// and map_value (see args.go for what they mean).
func checkContract(f *function) error {
	a := f.contract
	for _, part := range []struct {
		f    sep.Formula
		ens  bool
		name string
	}{{a.Require, false, "Require"}, {a.Ensure, true, "Ensure"}} {
		if part.f == nil {
			if part.ens {
				a.Ensure = &sep.Bool{Val: true}
			} else {
				a.Require = &sep.Bool{Val: true}
			}
			continue
		}
		bad := false
		sep.Walk(part.f, func(n sep.Node) bool {
			switch n := n.(type) {
			case *sep.Reg:
				if n.N > 5 || n.N == 0 && (!part.ens || n.Pre) {
					bad = true
				}
			case *sep.Pred:
				switch n.Name {
				case "chars", "undef_chars", "data_at", "map_value":
				default:
					bad = true
				}
			case *sep.Var:
				if n.Name == sep.ReturnName {
					bad = true
				}
			}
			return true
		})
		if bad {
			return f.errorf(f.start, "contract %s: only R1 … R5 (and R0 in Ensure) may appear, and no predicates but chars, undef_chars, data_at and map_value", part.name)
		}
	}
	return nil
}

// mapFacts returns the definitions of the maps f refers to.
func (c *checker) mapFacts(f *function) []sep.Formula {
	used := map[string]bool{}
	for _, m := range f.maps {
		used[m] = true
	}
	var nodes []sep.Node
	for _, a := range f.cuts {
		nodes = append(nodes, annotationNode(a))
	}
	if f.contract != nil {
		nodes = append(nodes, annotationNode(f.contract))
	}
	for _, g := range f.calls {
		if g.contract != nil {
			nodes = append(nodes, annotationNode(g.contract))
		}
	}
	for _, n := range nodes {
		for _, k := range sep.FreeVars(n) {
			if _, ok := c.maps[k]; ok {
				used[k] = true
			}
		}
	}
	names := make([]string, 0, len(used))
	for m := range used {
		if _, ok := c.maps[m]; ok {
			names = append(names, m)
		}
	}
	sort.Strings(names)
	var out []sep.Formula
	for _, m := range names {
		d := c.maps[m]
		out = append(out, and(
			cmp(sep.Eq, mapAttr("key_size", m), num(int64(d.KeySize))),
			cmp(sep.Eq, mapAttr("value_size", m), num(int64(d.ValueSize))),
			cmp(sep.Eq, mapAttr("max_entries", m), num(int64(d.MaxEntries)))))
		out = append(out, c.innerFacts(m)...)
	}
	return out
}
