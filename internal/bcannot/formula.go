package bcannot

import (
	"fmt"

	"vep/sep"
)

// translate translates a C-level formula. Names bound by a quantifier
// shadow C variables.
func (t *translator) translate(f sep.Formula) (sep.Formula, error) {
	switch f := f.(type) {
	case *sep.Bool, *sep.Emp:
		return f, nil
	case *sep.Cmp:
		x, _, err := t.rvalue(f.X)
		if err != nil {
			return nil, err
		}
		y, _, err := t.rvalue(f.Y)
		if err != nil {
			return nil, err
		}
		return &sep.Cmp{Op: f.Op, X: x, Y: y}, nil
	case *sep.Pred:
		p := &sep.Pred{Name: f.Name, Type: f.Type}
		if f.Type != nil {
			if _, ok := f.Type.(*sep.IntType); !ok {
				bt, err := bytecodeType(f.Type)
				if err != nil {
					return nil, fmt.Errorf("%s: %v", f.Name, err)
				}
				p.Type = bt
			}
		}
		for _, a := range f.Args {
			y, _, err := t.rvalue(a)
			if err != nil {
				return nil, err
			}
			p.Args = append(p.Args, y)
		}
		return stackForm(p), nil
	case *sep.Not:
		x, err := t.translate(f.X)
		if err != nil {
			return nil, err
		}
		return &sep.Not{X: x}, nil
	case *sep.And, *sep.Or, *sep.Implies, *sep.Sep:
		return t.binaryFormula(f)
	case *sep.Exists:
		body, err := t.bound(f.Vars, f.Body)
		if err != nil {
			return nil, err
		}
		return &sep.Exists{Vars: f.Vars, Body: body}, nil
	case *sep.Forall:
		body, err := t.bound(f.Vars, f.Body)
		if err != nil {
			return nil, err
		}
		return &sep.Forall{Vars: f.Vars, Body: body}, nil
	}
	return nil, fmt.Errorf("unsupported formula %v", f)
}

func (t *translator) binaryFormula(f sep.Formula) (sep.Formula, error) {
	var x, y sep.Formula
	switch f := f.(type) {
	case *sep.And:
		x, y = f.X, f.Y
	case *sep.Or:
		x, y = f.X, f.Y
	case *sep.Implies:
		x, y = f.X, f.Y
	case *sep.Sep:
		x, y = f.X, f.Y
	}
	a, err := t.translate(x)
	if err != nil {
		return nil, err
	}
	b, err := t.translate(y)
	if err != nil {
		return nil, err
	}
	switch f.(type) {
	case *sep.And:
		return &sep.And{X: a, Y: b}, nil
	case *sep.Or:
		return &sep.Or{X: a, Y: b}, nil
	case *sep.Implies:
		return &sep.Implies{X: a, Y: b}, nil
	}
	return &sep.Sep{X: a, Y: b}, nil
}

// bound translates body with the names of ids unbound from C variables.
func (t *translator) bound(ids []sep.Ident, body sep.Formula) (sep.Formula, error) {
	saved := map[string]bool{}
	for _, id := range ids {
		if t.names[id.Name] {
			saved[id.Name] = true
			delete(t.names, id.Name)
		}
	}
	defer func() {
		for n := range saved {
			t.names[n] = true
		}
	}()
	return t.translate(body)
}

// closed translates f and binds the stack-held variables it uses.
func (t *translator) closed(f sep.Formula) (sep.Formula, error) {
	g, err := t.translate(f)
	if err != nil {
		return nil, err
	}
	return t.close(g), nil
}

// close binds the stack-held variables used so far: exists x, data_at(R10
// + off, uN, x) * (range facts && f).
func (t *translator) close(f sep.Formula) sep.Formula {
	// The registers of the variables in scope hold values of their
	// types: codegen keeps the upper bits zero.
	var regFacts []sep.Formula
	for _, b := range t.sortedBindings() {
		if b.chunk == nil && b.rng != nil {
			regFacts = append(regFacts, b.rng)
		}
	}
	if len(regFacts) > 0 {
		f = sep.Conj(append(regFacts, f)...)
	}
	if len(t.exists) == 0 {
		return f
	}
	var ids []sep.Ident
	var chunks, facts []sep.Formula
	for _, b := range t.exists {
		ids = append(ids, sep.Ident{Name: b.exName})
		chunks = append(chunks, b.chunk)
		if b.rng != nil {
			facts = append(facts, b.rng)
		}
	}
	body := sep.Star(append(chunks, sep.Conj(append(facts, f)...))...)
	return &sep.Exists{Vars: ids, Body: body}
}

// frame adds to the variables to bind every stack-held scalar whose slot
// f does not describe, and conjoins the range facts of register-held
// variables to f.
func (t *translator) frame(f sep.Formula) {
	covered := stackChunks(f)
	for _, b := range t.sortedBindings() {
		if b.chunk == nil || b.used {
			continue
		}
		if overlaps(covered, b.off, b.width) {
			continue
		}
		b.used = true
		t.exists = append(t.exists, b)
	}
}

// sortedBindings returns the bindings by variable ID.
func (t *translator) sortedBindings() []*binding {
	var out []*binding
	for _, b := range t.byName {
		out = append(out, b)
	}
	for i := 1; i < len(out); i++ {
		for j := i; j > 0 && out[j].v.ID < out[j-1].v.ID; j-- {
			out[j], out[j-1] = out[j-1], out[j]
		}
	}
	return out
}

// extent is a stack range [off, off+n) that a chunk describes; n < 0
// means unknown length.
type extent struct{ off, n int64 }

// stackChunks returns the R10-relative ranges that the predicates of f
// start at.
func stackChunks(f sep.Formula) []extent {
	var out []extent
	sep.Walk(f, func(n sep.Node) bool {
		p, ok := n.(*sep.Pred)
		if !ok || len(p.Args) == 0 {
			return true
		}
		off, ok := frameOffset(p.Args[0])
		if !ok {
			return true
		}
		e := extent{off: off, n: -1}
		switch p.Name {
		case "data_at":
			if it, ok := p.Type.(*sep.IntType); ok {
				e.n = int64(it.Size)
			}
		case "chars", "undef_chars":
			if len(p.Args) > 1 {
				if c, ok := p.Args[1].(*sep.Int); ok && c.Val.IsInt64() {
					e.n = c.Val.Int64()
				}
			}
		}
		out = append(out, e)
		return true
	})
	return out
}

// frameOffset returns c for R10, R10 + c or R10 - c.
func frameOffset(t sep.Term) (int64, bool) {
	switch t := t.(type) {
	case *sep.Reg:
		return 0, t.N == 10 && !t.Pre
	case *sep.Binary:
		r, ok := t.X.(*sep.Reg)
		c, ok2 := t.Y.(*sep.Int)
		if !ok || !ok2 || r.N != 10 || r.Pre || !c.Val.IsInt64() {
			return 0, false
		}
		switch t.Op {
		case sep.Add:
			return c.Val.Int64(), true
		case sep.Sub:
			return -c.Val.Int64(), true
		}
	}
	return 0, false
}

func overlaps(es []extent, off, n int64) bool {
	for _, e := range es {
		if e.n < 0 {
			if e.off >= off && e.off < off+n || e.off <= off {
				return true
			}
			continue
		}
		if e.off < off+n && off < e.off+e.n {
			return true
		}
	}
	return false
}

// maxSplit is the largest element count of a stack array predicate that
// stackForm splits into data_at chunks.
const maxSplit = 64

// stackForm rewrites array and undef_array predicates over the stack
// into the chunks the bytecode checker accepts there: chars for bytes,
// undef_chars, and one data_at per element for a constant element count
// of at most maxSplit. Other predicates are returned unchanged.
func stackForm(p *sep.Pred) sep.Formula {
	if p.Name != "array" && p.Name != "undef_array" || len(p.Args) < 2 {
		return p
	}
	if _, ok := frameOffset(p.Args[0]); !ok {
		return p
	}
	it, ok := p.Type.(*sep.IntType)
	if !ok {
		return p
	}
	size := int64(it.Size)
	bytes := &sep.Binary{Op: sep.Mul, X: p.Args[1], Y: num(size)}
	if p.Name == "undef_array" {
		return &sep.Pred{Name: "undef_chars", Args: []sep.Term{p.Args[0], bytes}}
	}
	if len(p.Args) < 3 {
		return p
	}
	if size == 1 {
		return &sep.Pred{Name: "chars", Args: []sep.Term{p.Args[0], p.Args[1], p.Args[2]}}
	}
	c, ok := p.Args[1].(*sep.Int)
	if !ok || !c.Val.IsInt64() || c.Val.Int64() <= 0 || c.Val.Int64() > maxSplit {
		return p
	}
	n := c.Val.Int64()
	base, _ := frameOffset(p.Args[0])
	var chunks []sep.Formula
	for k := int64(0); k < n; k++ {
		chunks = append(chunks, &sep.Pred{Name: "data_at", Type: &sep.IntType{Size: it.Size},
			Args: []sep.Term{frameAddr(base + k*size), &sep.Cast{Type: &sep.IntType{Size: it.Size}, X: &sep.Index{X: p.Args[2], I: num(k)}}}})
	}
	// The list has exactly n elements.
	return sep.Star(append(chunks, &sep.Cmp{Op: sep.Eq, X: &sep.Len{X: p.Args[2]}, Y: num(n)})...)
}
