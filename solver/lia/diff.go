package lia

import "vep/proofs"

// edge is a difference constraint to - from <= w of the bound b, over
// nodes that are atoms (0..n-1) or the zero node n.
type edge struct {
	from, to int
	w        rat
	b        bound
}

// diffStart runs Bellman–Ford over the difference part of the current
// bounds: bounds on atoms and on slacks of the form x - y. A negative
// cycle is a conflict whose Farkas leaf it returns. Otherwise it moves
// every nonbasic atom to its shortest-path potential, which satisfies all
// difference bounds (atom bounds included, so nonbasic values stay within
// their bounds), and the simplex starts close to a solution.
func (s *search) diffStart() proofs.ArithProof {
	n := len(s.atoms)
	zero := n
	edges := s.buf.edges[:0]
	defer func() { s.buf.edges = edges[:0] }()
	for v := range s.sx.lo {
		x, y := v, zero // v - zero
		if v >= n {
			d := s.defs[v-n]
			if len(d) != 2 || d[0].a.cmp(ratInt(1)) != 0 || d[1].a.cmp(ratInt(-1)) != 0 {
				continue
			}
			x, y = d[0].col, d[1].col
		}
		if b := s.sx.hi[v]; b.set { // x - y <= hi
			edges = append(edges, edge{y, x, b.v, b})
		}
		if b := s.sx.lo[v]; b.set { // y - x <= -lo
			edges = append(edges, edge{x, y, b.v.neg(), b})
		}
	}
	if len(edges) == 0 {
		return nil
	}
	s.buf.dist = resize(s.buf.dist, n+1)
	dist := s.buf.dist
	s.buf.ints = resize(s.buf.ints, 2*(n+1))
	ints := s.buf.ints
	pred := ints[:n+1] // index of the edge that last lowered dist
	for i := range pred {
		pred[i] = -1
	}
	// A cycle in the predecessor graph is a negative cycle; look for one
	// from the last relaxed node after every round, so a conflict is found
	// without running all n+1 rounds.
	seen := ints[n+1:]
	converged := false
	for round := 1; round <= n+1 && !converged; round++ {
		last := -1
		for i, e := range edges {
			if d := dist[e.from].add(e.w); d.cmp(dist[e.to]) < 0 {
				dist[e.to] = d
				pred[e.to] = i
				last = e.to
			}
		}
		if last < 0 {
			converged = true
			break
		}
		v := last
		for pred[v] >= 0 && seen[v] != round {
			seen[v] = round
			v = edges[pred[v]].from
		}
		if pred[v] < 0 || seen[v] != round {
			continue
		}
		// v is on a cycle of predecessor edges.
		var e explanation
		for u := v; ; {
			ed := edges[pred[u]]
			e = append(e, expl{ed.b, ratInt(1)})
			u = ed.from
			if u == v {
				break
			}
		}
		return s.farkasOf(e)
	}
	if !converged {
		return nil // leave the start alone: nonbasic values must stay in bounds
	}
	for x := range n {
		if s.sx.rowOf[x] < 0 {
			s.sx.update(x, dist[x].sub(dist[zero]))
		}
	}
	return nil
}
