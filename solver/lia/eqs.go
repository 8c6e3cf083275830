package lia

import (
	"math/big"
	"slices"

	"vep/proofs"
)

// eqRow is an equation Σ a·x + c == 0 in transformed variables, with the
// rational combination of equality hypotheses it came from.
type eqRow struct {
	a    map[proofs.Atom]*big.Int
	c    *big.Int
	comb map[int]*big.Rat
}

// eqCertificate decides whether the equality facts among the hypotheses
// have a common integer solution, ignoring every inequality. If they have
// none it returns a refutation: two cuts that divide one combination of the
// equalities by a d that divides every coefficient but not the constant,
// and a Farkas leaf adding them (d·y + r >= 0 and -d·y - r >= 0 with
// 0 < r < d tighten to y + floor(r/d) >= 0 and -y + floor(-r/d) >= 0,
// whose sum is -1). Otherwise it returns nil.
//
// The method is Hermite-style elimination: column operations (unimodular
// changes of variables, which keep divisibility of the original
// coefficients) reduce an equation to one variable, which is then
// eliminated from the others by rational row operations.
func (s *search) eqCertificate() proofs.ArithProof {
	var rows []*eqRow
	for i, h := range s.hyps {
		if len(h.Cases) != 1 || h.Cases[0].Rel != proofs.RelEq || h.Cases[0].L.Len() == 0 {
			continue
		}
		l := h.Cases[0].L
		r := &eqRow{a: map[proofs.Atom]*big.Int{}, c: l.Constant(), comb: map[int]*big.Rat{i: big.NewRat(1, 1)}}
		for _, t := range l.Terms() {
			r.a[t.Atom] = t.Coef
		}
		rows = append(rows, r)
	}
	for len(rows) > 0 {
		r := rows[0]
		rows = rows[1:]
		var k proofs.Atom
		for {
			vars := nonzero(r.a)
			if len(vars) == 0 {
				if r.c.Sign() == 0 {
					break
				}
				return s.eqRefutation(r, nil)
			}
			g := new(big.Int)
			for _, v := range vars {
				g.GCD(nil, nil, g, new(big.Int).Abs(r.a[v]))
			}
			if new(big.Int).Mod(r.c, g).Sign() != 0 {
				return s.eqRefutation(r, g)
			}
			k = vars[0]
			for _, v := range vars[1:] {
				if r.a[v].CmpAbs(r.a[k]) < 0 {
					k = v
				}
			}
			if len(vars) == 1 {
				break
			}
			// Column operations x_k += q·x_v reduce every other
			// coefficient of r modulo a_k.
			for _, v := range vars {
				if v == k {
					continue
				}
				q := new(big.Int).Quo(r.a[v], r.a[k])
				for _, o := range append(rows, r) {
					if ak := o.a[k]; ak != nil && ak.Sign() != 0 {
						av := o.a[v]
						if av == nil {
							av = new(big.Int)
						}
						o.a[v] = new(big.Int).Sub(av, new(big.Int).Mul(q, ak))
					}
				}
			}
		}
		if len(nonzero(r.a)) == 0 {
			continue
		}
		// r is a·x_k + c == 0 with a | c: eliminate x_k from the rest.
		a := r.a[k]
		for _, o := range rows {
			ok := o.a[k]
			if ok == nil || ok.Sign() == 0 {
				continue
			}
			f := new(big.Rat).SetFrac(ok, a)
			o.a[k] = new(big.Int)
			o.c = new(big.Int).Sub(o.c, new(big.Int).Quo(new(big.Int).Mul(ok, r.c), a))
			for h, c := range r.comb {
				x := o.comb[h]
				if x == nil {
					x = new(big.Rat)
				}
				o.comb[h] = new(big.Rat).Sub(x, new(big.Rat).Mul(f, c))
			}
		}
	}
	return nil
}

// nonzero returns the atoms with a nonzero coefficient, sorted.
func nonzero(a map[proofs.Atom]*big.Int) []proofs.Atom {
	var vs []proofs.Atom
	for v, c := range a {
		if c.Sign() != 0 {
			vs = append(vs, v)
		}
	}
	slices.Sort(vs)
	return vs
}

// eqRefutation builds the refutation from row r: with g nil, r is a nonzero
// constant and a Farkas leaf suffices; otherwise g divides r's coefficients
// but not its constant.
func (s *search) eqRefutation(r *eqRow, g *big.Int) proofs.ArithProof {
	lcm := big.NewInt(1)
	hs := make([]int, 0, len(r.comb))
	for h, c := range r.comb {
		if c.Sign() == 0 {
			continue
		}
		hs = append(hs, h)
		d := c.Denom()
		var gg big.Int
		gg.GCD(nil, nil, lcm, d)
		lcm.Mul(lcm, new(big.Int).Quo(d, &gg))
	}
	slices.Sort(hs)
	pos := make([]proofs.Coef, len(hs))
	neg := make([]proofs.Coef, len(hs))
	for i, h := range hs {
		c := new(big.Rat).Mul(r.comb[h], new(big.Rat).SetInt(lcm))
		pos[i] = proofs.Coef{Hyp: h, Coef: new(big.Int).Set(c.Num())}
		neg[i] = proofs.Coef{Hyp: h, Coef: new(big.Int).Neg(c.Num())}
	}
	if g == nil {
		if r.c.Sign() > 0 {
			return &proofs.Farkas{Comb: neg}
		}
		return &proofs.Farkas{Comb: pos}
	}
	d := new(big.Int).Mul(g, lcm)
	a := s.nh
	one := big.NewInt(1)
	return &proofs.Cut{Comb: pos, Div: d, Then: &proofs.Cut{Comb: neg, Div: d,
		Then: &proofs.Farkas{Comb: []proofs.Coef{{Hyp: a, Coef: one}, {Hyp: a + 1, Coef: one}}}}}
}
