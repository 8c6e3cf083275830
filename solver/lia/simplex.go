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
	rows    []row // rows[r]: the nonbasic combination equal to basic[r]
	basic   []int // basic variable of each row
	rowOf   []int // row of each basic variable, -1 if nonbasic
	val     []rat
	lo, hi  []bound
	trail   []undo // old bounds, for backtracking
	scratch row
	expl    explanation // storage of the last conflict
	pivots  int
}

// undo records the bound of a variable before it was tightened.
type undo struct {
	x     int
	lower bool
	old   bound
}

// mark returns the current position of the trail.
func (s *simplex) mark() int { return len(s.trail) }

// backtrack restores every bound changed since mark m. Nonbasic values stay
// within the restored bounds, which are looser.
func (s *simplex) backtrack(m int) {
	for i := len(s.trail) - 1; i >= m; i-- {
		u := s.trail[i]
		if u.lower {
			s.lo[u.x] = u.old
		} else {
			s.hi[u.x] = u.old
		}
	}
	s.trail = s.trail[:m]
}

// entry is a nonzero coefficient of a row.
type entry struct {
	col int
	a   rat
}

// row is a sparse linear combination of nonbasic variables, sorted by
// column, without zero coefficients.
type row []entry

// get returns the coefficient of column j.
func (r row) get(j int) rat {
	lo, hi := 0, len(r)
	for lo < hi {
		m := (lo + hi) / 2
		switch {
		case r[m].col == j:
			return r[m].a
		case r[m].col < j:
			lo = m + 1
		default:
			hi = m
		}
	}
	return rat{}
}

// addScaled returns r + c·q, with column skip removed from r first. It
// merges into *scratch and then copies the result over r's storage when it
// fits, so repeated pivots allocate little.
func (r row) addScaled(c rat, q row, skip int, scratch *row) row {
	out := (*scratch)[:0]
	i, j := 0, 0
	for i < len(r) || j < len(q) {
		switch {
		case i < len(r) && r[i].col == skip:
			i++
		case j == len(q) || i < len(r) && r[i].col < q[j].col:
			out = append(out, r[i])
			i++
		case i == len(r) || q[j].col < r[i].col:
			out = append(out, entry{q[j].col, c.mul(q[j].a)})
			j++
		default:
			if v := r[i].a.add(c.mul(q[j].a)); !v.isZero() {
				out = append(out, entry{r[i].col, v})
			}
			i++
			j++
		}
	}
	*scratch = out
	return append(r[:0], out...)
}

// explanation is a conflict: Σ mult·(bound expression) is a negative
// constant, where the bound expression of a lower bound is x - v and of an
// upper bound v - x.
type explanation []expl

type expl struct {
	b    bound
	mult rat // > 0
}

// newSimplex returns a simplex over nvars variables, all nonbasic and zero
// without bounds, with storage from b; nhyps sizes the trail.
func newSimplex(nvars, nhyps int, b *buffers) *simplex {
	b.bounds = resize(b.bounds, 2*nvars)
	b.rowOf = resize(b.rowOf, nvars)
	b.val = resize(b.val, nvars)
	s := &simplex{
		rowOf:   b.rowOf,
		val:     b.val,
		lo:      b.bounds[:nvars:nvars],
		hi:      b.bounds[nvars:],
		rows:    b.rows[:0],
		basic:   b.basic[:0],
		trail:   b.trail[:0],
		scratch: b.scratch[:0],
		expl:    b.expl[:0],
	}
	if cap(s.trail) < nhyps+8 {
		s.trail = make([]undo, 0, nhyps+8)
	}
	for i := range s.rowOf {
		s.rowOf[i] = -1
	}
	return s
}

// addRow makes v basic with v = Σ coefs[j]·x_j over nonbasic variables
// whose values are all zero.
func (s *simplex) addRow(v int, coefs row) {
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
	s.trail = append(s.trail, undo{x, true, s.lo[x]})
	s.lo[x] = b
	if s.hi[x].set && s.hi[x].v.cmp(b.v) < 0 {
		return s.pair(x)
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
	s.trail = append(s.trail, undo{x, false, s.hi[x]})
	s.hi[x] = b
	if s.lo[x].set && s.lo[x].v.cmp(b.v) > 0 {
		return s.pair(x)
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
		if a := row.get(x); !a.isZero() {
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
	theta := v.sub(s.val[i]).quo(s.rows[r].get(j))
	s.val[i] = v
	s.val[j] = s.val[j].add(theta)
	for k, row := range s.rows {
		if k != r {
			if a := row.get(j); !a.isZero() {
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
	old := s.rows[r]
	inv := ratInt(1).quo(old.get(j))
	// x_j = (x_i - Σ_{k≠j} a_k x_k) / a_j
	nr := make(row, 0, len(old))
	placed := false
	for _, e := range old {
		if !placed && i < e.col {
			nr = append(nr, entry{i, inv})
			placed = true
		}
		if e.col != j {
			nr = append(nr, entry{e.col, e.a.neg().mul(inv)})
		}
	}
	if !placed {
		nr = append(nr, entry{i, inv})
	}
	s.rows[r] = nr
	for k, other := range s.rows {
		if k == r {
			continue
		}
		if c := other.get(j); !c.isZero() {
			s.rows[k] = other.addScaled(c, nr, j, &s.scratch)
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
		j := -1
		for _, e := range s.rows[r] {
			k, a := e.col, e.a
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

// pair returns the conflict of the two bounds of x. Like explain, it
// reuses storage: the result is valid until the next conflict.
func (s *simplex) pair(x int) explanation {
	e := append(s.expl[:0], expl{s.lo[x], ratInt(1)}, expl{s.hi[x], ratInt(1)})
	s.expl = e[:0]
	return e
}

// explain returns the conflict of row r whose basic variable is below its
// lower bound (below) or above its upper bound, with every nonbasic
// variable at the bound that blocks it.
func (s *simplex) explain(r int, below bool) explanation {
	i := s.basic[r]
	e := s.expl[:0]
	defer func() { s.expl = e[:0] }()
	if below {
		e = append(e, expl{s.lo[i], ratInt(1)})
	} else {
		e = append(e, expl{s.hi[i], ratInt(1)})
	}
	for _, en := range s.rows[r] {
		k, a := en.col, en.a
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
