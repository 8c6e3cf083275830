package lia

// bound is a lower or upper bound on a simplex variable together with its
// justification: hypothesis hyp is the constraint f·(x - v) >= 0 for a lower
// bound and f·(v - x) >= 0 for an upper one (== 0 if the hypothesis is an
// equality, in which case f may be negative).
type bound struct {
	set bool
	v   rat // always an integer
	hyp int
	f   rat // nonzero integer
}

// simplex is a general simplex tableau: every basic variable is a linear
// combination of the nonbasic ones, each variable has optional bounds, and
// val assigns every variable so that the rows hold and nonbasic variables
// are within their bounds.
type simplex struct {
	rows   [][]rat // rows[r][j]: coefficient of variable j in the row of basic[r]
	basic  []int   // basic variable of each row
	rowOf  []int   // row of each basic variable, -1 if nonbasic
	val    []rat
	lo, hi []bound
	pivots int
}

// explanation is a conflict: Σ mult·(bound expression) is a negative
// constant, where the bound expression of a lower bound is x - v and of an
// upper bound v - x.
type explanation []expl

type expl struct {
	b    bound
	mult rat // > 0
}

func newSimplex(nvars int) *simplex {
	s := &simplex{
		rowOf: make([]int, nvars),
		val:   make([]rat, nvars),
		lo:    make([]bound, nvars),
		hi:    make([]bound, nvars),
	}
	for i := range s.rowOf {
		s.rowOf[i] = -1
	}
	return s
}

// addRow makes v basic with v = Σ coefs[j]·x_j over nonbasic variables
// whose values are all zero.
func (s *simplex) addRow(v int, coefs []rat) {
	s.rowOf[v] = len(s.rows)
	s.rows = append(s.rows, coefs)
	s.basic = append(s.basic, v)
}

// setLower tightens the lower bound of x to b if b is stronger. It returns a
// conflict if the bounds of x become inconsistent.
func (s *simplex) setLower(x int, b bound) explanation {
	if s.lo[x].set && b.v.cmp(s.lo[x].v) <= 0 {
		return nil
	}
	s.lo[x] = b
	if s.hi[x].set && s.hi[x].v.cmp(b.v) < 0 {
		return explanation{{s.lo[x], ratInt(1)}, {s.hi[x], ratInt(1)}}
	}
	if s.rowOf[x] < 0 && s.val[x].cmp(b.v) < 0 {
		s.update(x, b.v)
	}
	return nil
}

// setUpper is the mirror image of setLower.
func (s *simplex) setUpper(x int, b bound) explanation {
	if s.hi[x].set && b.v.cmp(s.hi[x].v) >= 0 {
		return nil
	}
	s.hi[x] = b
	if s.lo[x].set && s.lo[x].v.cmp(b.v) > 0 {
		return explanation{{s.lo[x], ratInt(1)}, {s.hi[x], ratInt(1)}}
	}
	if s.rowOf[x] < 0 && s.val[x].cmp(b.v) > 0 {
		s.update(x, b.v)
	}
	return nil
}

// update sets nonbasic x to v and adjusts every basic variable.
func (s *simplex) update(x int, v rat) {
	d := v.sub(s.val[x])
	for r, row := range s.rows {
		if a := row[x]; !a.isZero() {
			b := s.basic[r]
			s.val[b] = s.val[b].add(a.mul(d))
		}
	}
	s.val[x] = v
}

// pivotAndUpdate sets basic variable of row r to v by moving nonbasic x_j,
// then exchanges them in the basis.
func (s *simplex) pivotAndUpdate(r, j int, v rat) {
	i := s.basic[r]
	theta := v.sub(s.val[i]).quo(s.rows[r][j])
	s.val[i] = v
	s.val[j] = s.val[j].add(theta)
	for k, row := range s.rows {
		if k != r {
			if a := row[j]; !a.isZero() {
				b := s.basic[k]
				s.val[b] = s.val[b].add(a.mul(theta))
			}
		}
	}
	s.pivot(r, j)
}

// pivot makes x_j basic in row r and the old basic variable nonbasic.
func (s *simplex) pivot(r, j int) {
	i := s.basic[r]
	row := s.rows[r]
	a := row[j]
	// x_j = (x_i - Σ_{k≠j} a_k x_k) / a_j
	inv := ratInt(1).quo(a)
	for k := range row {
		if k != j && !row[k].isZero() {
			row[k] = row[k].neg().mul(inv)
		}
	}
	row[j] = rat{}
	row[i] = inv
	for k, other := range s.rows {
		if k == r {
			continue
		}
		c := other[j]
		if c.isZero() {
			continue
		}
		other[j] = rat{}
		for m, e := range row {
			if !e.isZero() {
				other[m] = other[m].add(c.mul(e))
			}
		}
	}
	s.basic[r] = j
	s.rowOf[j] = r
	s.rowOf[i] = -1
	s.pivots++
}

// check restores the bounds of every basic variable, or returns a conflict.
// It uses Bland's rule (smallest variable index first), so it terminates.
// It gives up, returning ok=false, after maxPivots pivots.
func (s *simplex) check(maxPivots int) (conflict explanation, ok bool) {
	for {
		r, below := -1, false
		for k, b := range s.basic {
			if r >= 0 && b > s.basic[r] {
				continue
			}
			if s.lo[b].set && s.val[b].cmp(s.lo[b].v) < 0 {
				r, below = k, true
			} else if s.hi[b].set && s.val[b].cmp(s.hi[b].v) > 0 {
				r, below = k, false
			}
		}
		if r < 0 {
			return nil, true
		}
		if s.pivots >= maxPivots {
			return nil, false
		}
		row := s.rows[r]
		j := -1
		for k, a := range row {
			if a.isZero() {
				continue
			}
			// To raise (below) x_i we raise x_k if a > 0, lower it if a < 0;
			// to lower it the opposite.
			up := (a.sign() > 0) == below
			if up && (!s.hi[k].set || s.val[k].cmp(s.hi[k].v) < 0) ||
				!up && (!s.lo[k].set || s.val[k].cmp(s.lo[k].v) > 0) {
				j = k
				break
			}
		}
		i := s.basic[r]
		if j < 0 {
			return s.explain(r, below), true
		}
		if below {
			s.pivotAndUpdate(r, j, s.lo[i].v)
		} else {
			s.pivotAndUpdate(r, j, s.hi[i].v)
		}
	}
}

// explain returns the conflict of row r whose basic variable is below its
// lower bound (below) or above its upper bound, with every nonbasic
// variable at the bound that blocks it.
func (s *simplex) explain(r int, below bool) explanation {
	i := s.basic[r]
	var e explanation
	if below {
		e = append(e, expl{s.lo[i], ratInt(1)})
	} else {
		e = append(e, expl{s.hi[i], ratInt(1)})
	}
	for k, a := range s.rows[r] {
		if a.isZero() {
			continue
		}
		var b bound
		if (a.sign() > 0) == below {
			b = s.hi[k]
		} else {
			b = s.lo[k]
		}
		if a.sign() < 0 {
			a = a.neg()
		}
		e = append(e, expl{b, a})
	}
	return e
}
