package lia

import (
	"math/big"
	"slices"

	"vep/proofs"
)

// eqRow is an equation Σ a_j·x_j + c == 0 over atom columns (after column
// operations, over transformed variables) with the rational combination of
// pinned variables it came from: Σ comb[v]·(def(v) - value(v)).
type eqRow struct {
	a    map[int]*big.Int
	c    *big.Int
	comb map[int]*big.Rat
}

// eqCertificate decides whether the equations def(v) == value(v) of the
// variables v pinned by their bounds (lower bound = upper bound) have a
// common integer solution, ignoring everything else. If they have none it
// returns a refutation: two cuts dividing ±(one combination of the
// equations) by a d that divides every coefficient but not the constant,
// and a Farkas leaf adding the two cut facts (d·y + r >= 0 and
// -d·y - r >= 0 with 0 < r < d tighten to y + floor(r/d) >= 0 and
// -y + floor(-r/d) >= 0, whose sum is -1). Otherwise it returns nil.
//
// The method is Hermite-style elimination: column operations (unimodular
// changes of variables, which keep the divisibility of the original
// coefficients) reduce an equation to one variable, which is then
// eliminated from the others by rational row operations.
func (s *search) eqCertificate() proofs.ArithProof {
	var rows []*eqRow
	for v := range s.sx.lo {
		lo, hi := s.sx.lo[v], s.sx.hi[v]
		if !lo.set || !hi.set || lo.v.cmp(hi.v) != 0 {
			continue
		}
		r := &eqRow{a: map[int]*big.Int{}, c: lo.v.neg().floor(), comb: map[int]*big.Rat{v: big.NewRat(1, 1)}}
		if v < len(s.atoms) {
			r.a[v] = big.NewInt(1)
		} else {
			for _, e := range s.defs[v-len(s.atoms)] {
				r.a[e.col] = e.a.floor()
			}
		}
		rows = append(rows, r)
	}
	if len(rows) < 2 {
		return nil // one equation def(v) == value(v) with integer value is solvable
	}
	for len(rows) > 0 {
		r := rows[0]
		rows = rows[1:]
		k := -1
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
		if k < 0 || r.a[k] == nil || r.a[k].Sign() == 0 {
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

// nonzero returns the columns with a nonzero coefficient, sorted.
func nonzero(a map[int]*big.Int) []int {
	var vs []int
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
//
// A pinned variable v with lower bound justified by f_lo·(v - value) and
// upper bound by f_hi·(value - v) turns μ·(v - value) into μ/f_lo times
// the lower hypothesis when μ > 0 and -μ/f_hi times the upper one when
// μ < 0, so every >= hypothesis gets a positive coefficient.
func (s *search) eqRefutation(r *eqRow, g *big.Int) proofs.ArithProof {
	vs := make([]int, 0, len(r.comb))
	for v, c := range r.comb {
		if c.Sign() != 0 {
			vs = append(vs, v)
		}
	}
	slices.Sort(vs)
	// build returns the hypothesis combination equal to
	// sign·Σ μ_v·(v - value), as rational coefficients per hypothesis.
	build := func(sign int) map[int]rat {
		out := map[int]rat{}
		for _, v := range vs {
			mu := fromBig(new(big.Rat).Set(r.comb[v]))
			if sign < 0 {
				mu = mu.neg()
			}
			var b bound
			if mu.sign() > 0 {
				b = s.sx.lo[v]
			} else {
				b, mu = s.sx.hi[v], mu.neg()
			}
			out[b.hyp] = out[b.hyp].add(mu.quo(b.f))
		}
		return out
	}
	pos, neg := build(1), build(-1)
	// One scale for both combinations keeps them exact negatives.
	lcm := big.NewInt(1)
	for _, m := range []map[int]rat{pos, neg} {
		for _, c := range m {
			d := c.big().Denom()
			var gg big.Int
			gg.GCD(nil, nil, lcm, d)
			lcm.Mul(lcm, new(big.Int).Quo(d, &gg))
		}
	}
	toComb := func(m map[int]rat) []proofs.Coef {
		hs := make([]int, 0, len(m))
		for h, c := range m {
			if !c.isZero() {
				hs = append(hs, h)
			}
		}
		slices.Sort(hs)
		out := make([]proofs.Coef, len(hs))
		for i, h := range hs {
			out[i] = proofs.Coef{Hyp: h, Coef: m[h].mul(ratBigInt(lcm)).floor()}
		}
		return out
	}
	if g == nil {
		// Σ μ·(v - value) is the constant c ≠ 0; pick the sign that makes
		// the derived constant negative.
		if r.c.Sign() > 0 {
			return &proofs.Farkas{Comb: toComb(neg)}
		}
		return &proofs.Farkas{Comb: toComb(pos)}
	}
	d := new(big.Int).Mul(g, lcm)
	a := s.nh
	one := big.NewInt(1)
	return &proofs.Cut{Comb: toComb(pos), Div: d, Then: &proofs.Cut{Comb: toComb(neg), Div: d,
		Then: &proofs.Farkas{Comb: []proofs.Coef{{Hyp: a, Coef: one}, {Hyp: a + 1, Coef: one}}}}}
}
