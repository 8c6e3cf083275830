package cverify

import (
	"fmt"
	"time"

	"vep/cparse"
	"vep/internal/contracts"
	"vep/sep"
)

// Verdict is the outcome of verifying one function.
type Verdict int

const (
	// Verified: every path of the function is safe.
	Verified Verdict = iota
	// Rejected: some obligation failed; see the diagnostics.
	Rejected
	// Inlined: a function without contract, verified at each call site.
	Inlined
)

func (v Verdict) String() string {
	switch v {
	case Verified:
		return "verified"
	case Rejected:
		return "rejected"
	}
	return "inlined"
}

// FuncResult is the outcome for one function.
type FuncResult struct {
	Name    string
	Pos     cparse.Pos
	Section string // the SEC name of an entry point, "" for a subprogram
	Verdict Verdict
	// Obligations is the number of proof obligations discharged (or
	// attempted) while verifying the function.
	Obligations int
	// Time is the wall time spent on the function, SolverTime the part
	// spent in the solver.
	Time, SolverTime time.Duration
	Diags            []*Diagnostic
}

// Result is the outcome for a program, one entry per function in source
// order.
type Result struct {
	Funcs []*FuncResult
}

// OK reports whether no function was rejected.
func (r *Result) OK() bool {
	for _, f := range r.Funcs {
		if f.Verdict == Rejected {
			return false
		}
	}
	return true
}

// Verify verifies every entry point and every subprogram with a contract of
// p. Functions without contract are verified inline at their call sites.
func Verify(p *cparse.Program, opts Options) *Result {
	res := &Result{}
	var pt *contracts.ProgramType
	for _, f := range p.Funcs {
		if f.Section != "" {
			if t, err := contracts.ProgramTypeOf(f.Section); err == nil {
				pt = t
				break
			}
		}
	}
	for _, f := range p.Funcs {
		res.Funcs = append(res.Funcs, verifyFunc(p, f, pt, opts))
	}
	return res
}

func verifyFunc(p *cparse.Program, f *cparse.Function, pt *contracts.ProgramType, opts Options) (out *FuncResult) {
	start := time.Now()
	out = &FuncResult{Name: f.Name, Pos: f.Pos, Section: f.Section}
	defer func() {
		// A bug in the verifier must not crash its caller; it rejects.
		if r := recover(); r != nil {
			out.Verdict = Rejected
			out.Diags = []*Diagnostic{{Pos: f.Pos, Msg: fmt.Sprintf("internal error in the verifier: %v", r)}}
			out.Time = time.Since(start)
		}
	}()
	var env sep.TypeEnv = sep.Builtin
	if p.Types != nil {
		env = p.Types
	}
	v := &verifier{prog: p, pt: pt, opts: opts, env: env, ranges: map[string]bound{}, hints: map[string]string{}, fn: f}
	switch {
	case f.Section != "":
		t, err := contracts.ProgramTypeOf(f.Section)
		if err != nil {
			v.fail(f.Pos, err.Error(), nil, nil)
			break
		}
		v.pt = t
		v.verifyEntry(f)
	case f.Contract != nil:
		v.verifyContract(f)
	case f.Inline == cparse.InlineNever:
		v.fail(f.Pos, fmt.Sprintf("function %s is __noinline but has no contract: add /*@ Require … Ensure … */ between its parameters and its body", f.Name), nil, nil)
	default:
		out.Verdict = Inlined
	}
	out.Obligations = v.obligations
	out.SolverTime = v.solveTime
	if v.diag != nil {
		out.Verdict = Rejected
		out.Diags = append(out.Diags, v.diag)
	}
	out.Time = time.Since(start)
	return out
}

// stackSize bounds the stack frame of f: its own variables (8-byte
// aligned) plus the largest frame of the functions inlined into it.
func stackSize(f *cparse.Function, seen map[*cparse.Function]bool) int64 {
	if seen[f] {
		return 0
	}
	seen[f] = true
	defer delete(seen, f)
	var n int64
	for _, x := range f.Locals {
		n += (x.Type.Size() + 7) &^ 7
	}
	var inner int64
	cparse.WalkStmt(f.Body, func(cparse.Stmt) {}, func(e cparse.Expr) {
		if c, ok := e.(*cparse.Call); ok && c.Kind == cparse.CallFunc && c.Func != nil && c.Func.Contract == nil {
			m := stackSize(c.Func, seen)
			for _, x := range c.Func.Params {
				m += (x.Type.Size() + 7) &^ 7
			}
			if m > inner {
				inner = m
			}
		}
	})
	return n + inner
}

// callDepth is the deepest nesting of calls from f (1 for a function that
// calls nothing); a cycle gives a depth above any limit.
func callDepth(f *cparse.Function, onPath map[*cparse.Function]bool) int {
	if onPath[f] {
		return 1 << 20
	}
	onPath[f] = true
	defer delete(onPath, f)
	d := 1
	cparse.WalkStmt(f.Body, func(cparse.Stmt) {}, func(e cparse.Expr) {
		if c, ok := e.(*cparse.Call); ok && c.Kind == cparse.CallFunc && c.Func != nil {
			if k := 1 + callDepth(c.Func, onPath); k > d {
				d = k
			}
		}
	})
	return d
}

func (v *verifier) checkStack(f *cparse.Function) bool {
	if n := stackSize(f, map[*cparse.Function]bool{}); n > 512 {
		v.fail(f.Pos, fmt.Sprintf("stack frame of %s needs %d bytes, more than the 512 bytes eBPF allows", f.Name, n), nil, nil)
		return false
	}
	if d := callDepth(f, map[*cparse.Function]bool{}); d > maxCallDepth {
		v.fail(f.Pos, fmt.Sprintf("calls from %s nest deeper than %d (or are recursive)", f.Name, maxCallDepth), nil, nil)
		return false
	}
	return true
}

// verifyEntry verifies an entry point from its program type's entry
// contract.
func (v *verifier) verifyEntry(f *cparse.Function) {
	if !v.checkStack(f) {
		return
	}
	st := &state{null: map[int]bool{}, pkt: map[int][2]sep.Term{}, killer: map[int]string{}, iters: map[cparse.Stmt]int{}}
	fr := v.newFrame(st, f)
	st.frames = []*frame{fr}
	for i, x := range f.Params {
		var val value
		if i == 0 {
			val = value{k: kCtx, t: num(0), typ: x.Type}
		} else {
			v.fail(x.Pos, fmt.Sprintf("entry point %s takes only the context", f.Name), nil, nil)
			return
		}
		fr.pre[x.Name] = val
		if !v.store(st, x.Pos, value{k: kStack, t: num(0), region: fr.vars[x]}, x.Type.Size(), val, nil) {
			return
		}
	}
	exit, err := v.pt.Exit(sep.ModeC)
	if err != nil {
		v.fail(f.Pos, err.Error(), nil, nil)
		return
	}
	_, void := f.Result.(*cparse.VoidType)
	ret := func(st *state, x value, pos cparse.Pos) {
		if void {
			return
		}
		if x.k != kScalar {
			v.fail(pos, fmt.Sprintf("%s returns a %s; it must return an integer", f.Name, x.k), nil, nil)
			return
		}
		goal := sep.Subst(exit, map[string]sep.Term{sep.ReturnName: x.t})
		if pr := v.prove(st, goal); !pr.ok {
			v.fail(pos, fmt.Sprintf("return value may be outside the range %s programs allow", v.pt.Name), goal, &pr)
		}
	}
	v.exec(st, f.Body, &conts{
		next: func(st *state) {
			if !void {
				v.fail(f.Pos, fmt.Sprintf("%s may end without returning a value", f.Name), nil, nil)
			}
		},
		brk:  func(*state) {},
		cont: func(*state) {},
		ret:  ret,
	})
}

// verifyContract verifies a subprogram against its contract: from a state
// built from Require, every return must establish Ensure.
func (v *verifier) verifyContract(f *cparse.Function) {
	if !v.checkStack(f) {
		return
	}
	req := f.Contract.Require
	if req == nil {
		req = &sep.Bool{Val: true}
	}
	for _, d := range disjuncts(req) {
		if v.failed() {
			return
		}
		v.verifyContract1(f, d)
	}
}

// verifyContract1 verifies f from one disjunct req of its precondition.
func (v *verifier) verifyContract1(f *cparse.Function, req sep.Formula) {
	c := f.Contract
	st := &state{null: map[int]bool{}, pkt: map[int][2]sep.Term{}, killer: map[int]string{}, iters: map[cparse.Stmt]int{}}
	fr := v.newFrame(st, f)
	st.frames = []*frame{fr}
	pos := f.Pos
	if c.Annot != nil {
		pos = c.Annot.Pos
	}
	ens := c.Ensure
	if ens == nil {
		ens = &sep.Bool{Val: true}
	}
	n, err := sep.Normalize(req)
	if err != nil {
		v.fail(pos, fmt.Sprintf("unsupported contract of %s: %v", f.Name, err), nil, nil)
		return
	}
	env := &aenv{names: map[string]value{}, annot: c.Annot, at: pos}
	for _, w := range c.With {
		env.names[w] = unbound
	}
	params := map[string]*cparse.Var{}
	for _, x := range f.Params {
		params[x.Name] = x
		if _, ok := x.Type.(*cparse.PointerType); !ok {
			t := x.Type
			if _, ok := t.(*cparse.IntType); !ok {
				v.fail(x.Pos, fmt.Sprintf("unsupported: parameter %s of type %s", x.Name, t), nil, nil)
				return
			}
			fv := v.fresh(x.Name, t)
			v.hints[fv.(*sep.Var).Name] = x.Name
			env.names[x.Name] = scalar(fv, t)
		}
	}
	// Pointer parameters from the chunks and facts of Require.
	for _, ch := range n.Chunks {
		pv, ok := ch.Args[0].(*sep.Var)
		var x *cparse.Var
		if ok {
			x = params[pv.Name]
		}
		if x == nil || env.names[pv.Name].t != nil {
			v.fail(c.Annot.FilePos(ch.Pos()), fmt.Sprintf("unsupported precondition chunk %s: its address must be a pointer parameter, named once", ch), nil, nil)
			return
		}
		env.names[pv.Name] = value{k: kScalar, t: num(0)} // placeholder for size evaluation
		_, size, aerr := v.chunkShape(st, env, ch)
		if aerr != nil {
			v.fail(aerr.pos, aerr.msg, nil, nil)
			return
		}
		var ri int
		if sz, ok := constInt64(size.t); ok && sz >= 0 && sz <= 512 {
			ri = st.newRegion("*"+pv.Name, sz)
			if ch.Name != "undef_chars" && ch.Name != "undef_array" {
				for i := range st.regions[ri].cells {
					st.regions[ri].cells[i] = cell{init: true}
				}
			}
		} else {
			ri = st.newRegion("*"+pv.Name, 0)
			r := st.regions[ri]
			r.sym, r.sizeT = true, size.t
			if ch.Name != "undef_chars" && ch.Name != "undef_array" {
				r.ranges = []span{{num(0), size.t}}
			}
		}
		st.regions[ri].shared = true
		env.names[pv.Name] = value{k: kStack, t: num(0), region: ri, typ: x.Type}
		switch ch.Name {
		case "chars", "array":
			if lv, ok := ch.Args[len(ch.Args)-1].(*sep.Var); ok && env.names[lv.Name].k == kScalar && env.names[lv.Name].t == nil {
				if _, isWith := env.names[lv.Name]; isWith {
					env.names[lv.Name] = scalar(v.freshIn("list_"+lv.Name, nil, nil), nil)
				}
			}
			// The region holds the contents the chunk names at entry.
			if lv, ok := ch.Args[len(ch.Args)-1].(*sep.Var); ok && env.names[lv.Name].k == kScalar && env.names[lv.Name].t != nil {
				st.regions[ri].whole = chunkContents(ch, env.names[lv.Name].t)
			}
		case "data_at":
			typ := sepToC(ch.Type)
			if lv, ok := ch.Args[1].(*sep.Var); ok && typ != nil {
				if x, isWith := env.names[lv.Name]; isWith && x.t == nil {
					env.names[lv.Name] = scalar(v.fresh(lv.Name, typ), typ)
				}
				if x, ok := env.names[lv.Name]; ok && x.t != nil {
					rec := &record{off: 0, w: st.regions[ri].size, v: x}
					for i := range st.regions[ri].cells {
						st.regions[ri].cells[i].rec = rec
					}
				}
			}
		}
	}
	for _, p := range n.Pure {
		pr, ok := p.(*sep.Pred)
		if !ok {
			continue
		}
		pv, ok := pr.Args[len(pr.Args)-1].(*sep.Var)
		if !ok || params[pv.Name] == nil || env.names[pv.Name].t != nil {
			continue
		}
		switch pr.Name {
		case "ctx":
			env.names[pv.Name] = value{k: kCtx, t: num(0), typ: params[pv.Name].Type}
		case "map_value":
			m, aerr := v.aval(st, env, pr.Args[0])
			if aerr == nil && m.k == kMap {
				v.nextNull++
				env.names[pv.Name] = value{k: kMapVal, t: num(0), m: m.m, obj: v.nextNull, typ: params[pv.Name].Type}
			}
		}
	}
	for _, x := range f.Params {
		if env.names[x.Name].t == nil {
			env.names[x.Name] = scalar(v.fresh(x.Name, cparse.U64), x.Type)
		}
		fr.pre[x.Name] = env.names[x.Name]
		if !v.store(st, x.Pos, value{k: kStack, t: num(0), region: fr.vars[x]}, x.Type.Size(), env.names[x.Name], nil) {
			return
		}
	}
	for _, w := range c.With {
		if x := env.names[w]; x.t != nil {
			fr.with[w] = x.t
		} else {
			fv := v.freshIn(w, nil, nil)
			fr.with[w] = fv
			env.names[w] = scalar(fv, nil)
		}
	}
	for _, p := range n.Pure {
		g, aerr := v.apure(st, env, p)
		if aerr != nil {
			v.fail(aerr.pos, aerr.msg, nil, nil)
			return
		}
		st.addFact(g)
	}
	_, void := f.Result.(*cparse.VoidType)
	ret := func(st *state, x value, at cparse.Pos) {
		post := &aenv{names: map[string]value{}, pre: fr.pre, annot: c.Annot, at: at}
		for k, val := range fr.pre {
			post.names[k] = val
		}
		for k, t := range fr.with {
			post.names[k] = scalar(t, nil)
		}
		if !void {
			post.names[sep.ReturnName] = x
		}
		v.checkPost(st, post, at, ens, f.Name)
	}
	v.exec(st, f.Body, &conts{
		next: func(st *state) {
			if !void {
				v.fail(f.Pos, fmt.Sprintf("%s may end without returning a value", f.Name), nil, nil)
				return
			}
			ret(st, value{}, f.Pos)
		},
		brk:  func(*state) {},
		cont: func(*state) {},
		ret:  ret,
	})
}

// checkPost proves a postcondition (one of its disjuncts) at a return.
func (v *verifier) checkPost(st *state, env *aenv, at cparse.Pos, post sep.Formula, name string) {
	ds := disjuncts(post)
	if len(ds) == 1 {
		v.checkPost1(st, env, at, post, name)
		return
	}
	var first *Diagnostic
	for _, d := range ds {
		e := cloneEnv(env)
		ok, diag := v.attempt(func() bool { v.checkPost1(st.clone(), e, at, d, name); return true })
		if ok {
			return
		}
		if first == nil {
			first = diag
		}
	}
	if v.diag == nil {
		v.diag = first
	}
}

func (v *verifier) checkPost1(st *state, env *aenv, at cparse.Pos, post sep.Formula, name string) {
	n, err := sep.Normalize(post)
	if err != nil {
		v.fail(at, fmt.Sprintf("unsupported postcondition of %s: %v", name, err), nil, nil)
		return
	}
	for _, x := range n.Exists {
		env.names[x.Name] = unbound
	}
	what := "postcondition of " + name + " may not hold"
	for _, ch := range n.Chunks {
		if !v.checkChunk(st, env, at, ch, what) {
			return
		}
	}
	for _, p := range n.Pure {
		g, aerr := v.apure(st, env, p)
		if aerr != nil {
			v.fail(aerr.pos, aerr.msg, nil, nil)
			return
		}
		if pr := v.prove(st, g); !pr.ok {
			v.fail(at, fmt.Sprintf("%s: %s", what, p), g, &pr)
			return
		}
	}
}
