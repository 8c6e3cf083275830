package proofs

import (
	"fmt"
	"math/big"
	"strconv"
	"strings"
)

// Limits bound the work of the kernel and the decoder. A proof that exceeds
// one is rejected with an error; it never makes the kernel hang. The zero
// Limits reject every proof; start from DefaultLimits.
type Limits struct {
	MaxDepth    int // nesting of Cut, Split and CaseOr steps
	MaxSteps    int // proof nodes plus combination entries
	MaxCoefBits int // bit length of any coefficient in a proof or derived fact
}

// DefaultLimits are the limits used by CheckRefutation and UnmarshalArith.
var DefaultLimits = Limits{MaxDepth: 2048, MaxSteps: 1 << 20, MaxCoefBits: 4096}

// CheckError reports why the kernel rejected a proof. Path names the step:
// the sequence of branches taken from the root, such as
// "split.le/cut/farkas".
type CheckError struct {
	Path string
	Msg  string
}

func (e *CheckError) Error() string { return "arith proof: at " + e.Path + ": " + e.Msg }

// CheckRefutation validates p as a refutation of hyps under DefaultLimits.
// It returns nil iff p proves that no integer assignment of the atoms
// satisfies every hypothesis, and otherwise a *CheckError naming the step
// that fails.
func CheckRefutation(hyps []Hyp, p ArithProof) error {
	return DefaultLimits.CheckRefutation(hyps, p)
}

// CheckRefutation validates p as a refutation of hyps under the limits l.
// See the package function CheckRefutation.
func (l Limits) CheckRefutation(hyps []Hyp, p ArithProof) error {
	c := checker{lim: l, hyps: append([]Hyp(nil), hyps...)}
	return c.proof(p, 0)
}

// checker holds the state of one CheckRefutation call: the hypotheses in
// scope (the given ones plus those derived on the current path) and the path
// used in error messages.
type checker struct {
	lim   Limits
	hyps  []Hyp
	steps int
	path  []pathElem
}

// pathElem is one step of the path from the root to the current step: a
// name, and for a case of a CaseOr its number (else -1).
type pathElem struct {
	name string
	i    int
}

func (c *checker) errorf(format string, args ...any) error {
	segs := make([]string, len(c.path))
	for i, e := range c.path {
		segs[i] = e.name
		if e.i >= 0 {
			segs[i] += "." + strconv.Itoa(e.i)
		}
	}
	p := strings.Join(segs, "/")
	if p == "" {
		p = "root"
	}
	return &CheckError{Path: p, Msg: fmt.Sprintf(format, args...)}
}

// step counts n units of work against MaxSteps.
func (c *checker) step(n int) error {
	c.steps += n
	if c.steps > c.lim.MaxSteps {
		return c.errorf("proof exceeds %d steps", c.lim.MaxSteps)
	}
	return nil
}

func (c *checker) checkBits(what string, x *big.Int) error {
	if x == nil {
		return c.errorf("%s is missing", what)
	}
	if x.BitLen() > c.lim.MaxCoefBits {
		return c.errorf("%s has %d bits, more than the limit %d", what, x.BitLen(), c.lim.MaxCoefBits)
	}
	return nil
}

// with appends h to the hypotheses, runs sub and removes h again.
func (c *checker) with(h Hyp, seg pathElem, sub ArithProof, depth int) error {
	n := len(c.hyps)
	c.hyps = append(c.hyps, h)
	c.path = append(c.path, seg)
	err := c.proof(sub, depth+1)
	c.path = c.path[:len(c.path)-1]
	c.hyps = c.hyps[:n]
	return err
}

func (c *checker) proof(p ArithProof, depth int) error {
	n := len(c.path)
	defer func() { c.path = c.path[:n] }()
	if depth > c.lim.MaxDepth {
		return c.errorf("proof deeper than %d steps", c.lim.MaxDepth)
	}
	if err := c.step(1); err != nil {
		return err
	}
	if isNilNode(p) {
		return c.errorf("missing proof step")
	}
	switch p := p.(type) {
	case *Farkas:
		c.path = append(c.path, pathElem{"farkas", -1})
		sum, err := c.combine(p.Comb)
		if err != nil {
			return err
		}
		if !sum.IsConst() {
			return c.errorf("combination leaves %v >= 0: atom %v does not cancel", sum, sum.terms[0].Atom)
		}
		if sum.Constant().Sign() >= 0 {
			return c.errorf("combination derives %v >= 0, which is not a contradiction", sum.Constant())
		}
		return nil
	case *Cut:
		c.path = append(c.path, pathElem{"cut", -1})
		sum, err := c.combine(p.Comb)
		if err != nil {
			return err
		}
		if err := c.checkBits("cut divisor", p.Div); err != nil {
			return err
		}
		if p.Div.Sign() <= 0 {
			return c.errorf("cut divisor %v is not positive", p.Div)
		}
		var q, r big.Int
		terms := make([]Term, len(sum.terms))
		for i, t := range sum.terms {
			q.QuoRem(t.Coef, p.Div, &r)
			if r.Sign() != 0 {
				return c.errorf("cut divisor %v does not divide coefficient %v of %v", p.Div, t.Coef, t.Atom)
			}
			terms[i] = Term{t.Atom, new(big.Int).Set(&q)}
		}
		// big.Int.Div is Euclidean division, which for a positive divisor
		// rounds toward negative infinity.
		cut := Lin{c: new(big.Int).Div(sum.Constant(), p.Div), terms: terms}
		c.path = c.path[:len(c.path)-1]
		return c.with(Fact(Constraint{cut, RelGe}), pathElem{"cut", -1}, p.Then, depth)
	case *Split:
		if err := c.checkBits("split constant", p.K); err != nil {
			return err
		}
		if b := p.E.maxBits(); b > c.lim.MaxCoefBits {
			return c.errorf("split term has a %d-bit coefficient, more than the limit %d", b, c.lim.MaxCoefBits)
		}
		if err := c.step(p.E.Len()); err != nil {
			return err
		}
		k := Lin{c: p.K}
		le := Constraint{k.Sub(p.E), RelGe}
		ge := Constraint{p.E.Sub(k).AddConst(-1), RelGe}
		if err := c.with(Fact(le), pathElem{"split.le", -1}, p.Le, depth); err != nil {
			return err
		}
		return c.with(Fact(ge), pathElem{"split.ge", -1}, p.Ge, depth)
	case *CaseOr:
		if p.Hyp < 0 || p.Hyp >= len(c.hyps) {
			c.path = append(c.path, pathElem{"caseor", -1})
			return c.errorf("hypothesis h%d out of range (%d in scope)", p.Hyp, len(c.hyps))
		}
		h := c.hyps[p.Hyp]
		if len(h.Cases) != len(p.Cases) {
			c.path = append(c.path, pathElem{"caseor", -1})
			return c.errorf("h%d has %d cases, proof has %d", p.Hyp, len(h.Cases), len(p.Cases))
		}
		for i, sub := range p.Cases {
			if err := c.with(Fact(h.Cases[i]), pathElem{"caseor", i}, sub, depth); err != nil {
				return err
			}
		}
		return nil
	}
	return c.errorf("unknown proof step %T", p)
}

// combine checks and computes Σ coef·hyp over plain facts. Coefficients must
// be positive on >= facts and nonzero on == facts, so the result L satisfies
// L >= 0 in every model of the hypotheses.
func (c *checker) combine(comb []Coef) (Lin, error) {
	if err := c.step(len(comb)); err != nil {
		return Lin{}, err
	}
	var acc linAcc
	var tmp big.Int
	for i, e := range comb {
		if e.Hyp < 0 || e.Hyp >= len(c.hyps) {
			return Lin{}, c.errorf("entry %d: hypothesis h%d out of range (%d in scope)", i, e.Hyp, len(c.hyps))
		}
		h := c.hyps[e.Hyp]
		if len(h.Cases) != 1 {
			return Lin{}, c.errorf("entry %d: h%d is a disjunction of %d cases, not a fact", i, e.Hyp, len(h.Cases))
		}
		// checkBits accepts exactly these; the message is built only
		// for a coefficient it rejects.
		if e.Coef == nil || e.Coef.BitLen() > c.lim.MaxCoefBits {
			if err := c.checkBits(fmt.Sprintf("entry %d coefficient", i), e.Coef); err != nil {
				return Lin{}, err
			}
		}
		con := h.Cases[0]
		switch {
		case con.Rel == RelGe && e.Coef.Sign() <= 0:
			return Lin{}, c.errorf("entry %d: coefficient %v of >= fact h%d is not positive", i, e.Coef, e.Hyp)
		case con.Rel == RelEq && e.Coef.Sign() == 0:
			return Lin{}, c.errorf("entry %d: coefficient of == fact h%d is zero", i, e.Hyp)
		case con.Rel != RelGe && con.Rel != RelEq:
			return Lin{}, c.errorf("entry %d: h%d has unknown relation %d", i, e.Hyp, con.Rel)
		}
		if err := c.step(con.L.Len()); err != nil {
			return Lin{}, err
		}
		acc.add(con.L, e.Coef, &tmp)
	}
	sum := acc.lin()
	if b := sum.maxBits(); b > c.lim.MaxCoefBits {
		return Lin{}, c.errorf("combination has a %d-bit coefficient, more than the limit %d", b, c.lim.MaxCoefBits)
	}
	return sum, nil
}
