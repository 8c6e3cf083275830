package bcannot

import (
	"fmt"
	"strings"

	"vep/codegen"
	"vep/cparse"
	"vep/internal/spec"
	"vep/sep"
)

// Lower translates the annotations of every annotation point of out, the
// code generated for prog, to bytecode annotations, in spec.Sort's order.
// The entry of a program (a function with a SEC) has its program type's
// contract and gets no entry. A point that cannot be translated is left
// out and reported as a *cparse.Error at its C position: the bytecode
// checker then rejects the function concerned.
func Lower(prog *cparse.Program, out *codegen.Output) ([]spec.Entry, []error) {
	var ents []spec.Entry
	var errs []error
	for _, sec := range out.Sections {
		for _, p := range sec.Points {
			e, ok, err := lowerPoint(prog, sec.Name, p)
			if err != nil {
				errs = append(errs, err)
				continue
			}
			if ok {
				ents = append(ents, e)
			}
		}
	}
	spec.Sort(ents)
	return ents, errs
}

// lowerPoint translates one point; ok is false when it needs no entry.
func lowerPoint(prog *cparse.Program, section string, p *codegen.Point) (spec.Entry, bool, error) {
	e := spec.Entry{Section: section, Index: p.Index}
	var text string
	var err error
	switch {
	case p.Kind == codegen.PointEntry && p.Contract != nil && p.Func.Section == "":
		e.Kind = spec.Contract
		text, err = lowerContract(prog, p)
	case p.Kind == codegen.PointLoop && p.Inv != nil:
		e.Kind = spec.Invariant
		text, err = lowerInvariant(prog, p)
	case p.Kind == codegen.PointAssert && p.Assert != nil:
		e.Kind = spec.Assertion
		text, err = lowerAssert(prog, p)
	default:
		return e, false, nil
	}
	if err == nil {
		// What the bytecode checker cannot parse is reported here, at the
		// C position.
		_, err = sep.ParseAnnotation(text, &sep.Config{Mode: sep.ModeBytecode})
	}
	if err != nil {
		return e, false, &cparse.Error{Pos: p.Pos, Msg: fmt.Sprintf("%v annotation of %s: %v", p.Kind, p.Func.Name, err)}
	}
	e.Text = text
	return e, true, nil
}

// lowerContract translates a subprogram's contract: parameter k (from 0)
// is R(k+1), __return is R0.
func lowerContract(prog *cparse.Program, p *codegen.Point) (string, error) {
	fn, c := p.Func, p.Contract
	if len(fn.Params) > 5 {
		return "", fmt.Errorf("more than 5 parameters")
	}
	tr := newTranslator(prog, fn)
	for k, v := range fn.Params {
		tr.bindReg(v, k+1)
	}
	for _, w := range c.With {
		tr.consts[w] = true
	}
	var b strings.Builder
	if len(c.With) > 0 {
		b.WriteString("With " + strings.Join(c.With, " ") + " ")
	}
	if c.Require != nil {
		f, err := tr.closed(c.Require)
		if err != nil {
			return "", fmt.Errorf("Require: %v", err)
		}
		b.WriteString("Require " + f.String() + " ")
	}
	if c.Ensure != nil {
		tr.ret = fn.Result
		f, err := tr.closed(c.Ensure)
		if err != nil {
			return "", fmt.Errorf("Ensure: %v", err)
		}
		b.WriteString("Ensure " + f.String())
	}
	return strings.TrimSpace(b.String()), nil
}

// lowerInvariant translates a loop invariant and adds the frame: every
// stack-held scalar the invariant leaves undescribed, and in a subprogram
// the parts of its Require the loop leaves alone (requireFrame).
func lowerInvariant(prog *cparse.Program, p *codegen.Point) (string, error) {
	tr := newTranslator(prog, p.Func)
	if err := tr.bindPoint(p); err != nil {
		return "", err
	}
	f, err := tr.translate(p.Inv.Inv)
	if err != nil {
		return "", err
	}
	// Locals with a constant value the loop does not change, and what the
	// function's Require gave it and the loop leaves alone.
	for _, c := range append(constLocals(p.Func, p.Inv), requireFrame(p.Func, p.Inv)...) {
		saved := len(tr.exists)
		g, err := tr.translate(c)
		if err != nil {
			tr.exists = tr.exists[:saved]
			continue
		}
		if hasPred(g) {
			f = &sep.Sep{X: f, Y: g} // memory: disjoint from what f describes
		} else {
			f = sep.Conj(f, g)
		}
	}
	f = sep.Conj(append([]sep.Formula{f}, tr.entryValues()...)...)
	tr.frame(f)
	text := "Inv " + tr.close(f).String()
	if p.Inv.Variant != nil {
		// The variant is evaluated outside the invariant's existentials:
		// a stack-held variable is read from its slot.
		tr.loads = true
		v, _, err := tr.rvalue(p.Inv.Variant)
		if err != nil {
			return "", fmt.Errorf("Variant: %v", err)
		}
		text += " Variant " + v.String()
	}
	return text, nil
}

// lowerAssert translates an assertion.
func lowerAssert(prog *cparse.Program, p *codegen.Point) (string, error) {
	tr := newTranslator(prog, p.Func)
	if err := tr.bindPoint(p); err != nil {
		return "", err
	}
	f, err := tr.closed(p.Assert.Formula)
	if err != nil {
		return "", err
	}
	return "Assert " + f.String(), nil
}
