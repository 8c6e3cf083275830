package proofs

import (
	"fmt"
	"math/big"
	gosort "sort"
	"strconv"
	"strings"

	"vep/sep"
)

// Meaning of the owned predicates, as the spatial steps use it:
//
//	chars(p, n, l)        the n bytes from p hold l; len(l) == n
//	array(p, T, n, l)     the n elements of T from p hold l; len(l) == n
//	undef_chars(p, n)     the n bytes from p, contents unknown, not readable
//	undef_array(p, T, n)  the n*sizeof(T) bytes from p, likewise
//	store_chars(p, q)     the bytes a with p <= a < q (none if q <= p)
//	data_at(p, T, v)      the sizeof(T) bytes from p hold v, in T's range
//	store_S(p)            the sizeof(struct S) bytes from p hold a struct S
//
// Every element of the contents of chars is a byte in [0, 255], and of
// array(p, T, n, l) a value in T's range.

// Apply replays one step on the session.
func (s *Session) Apply(st Step) error {
	if s.finished {
		return fmt.Errorf("step after finish")
	}
	s.nsteps++
	if s.nsteps > MaxSteps {
		return fmt.Errorf("more than %d steps", MaxSteps)
	}
	var err error
	switch st := st.(type) {
	case *SplitChunk:
		if st == nil {
			return fmt.Errorf("missing step")
		}
		err = s.split(st)
	case *JoinChunks:
		if st == nil {
			return fmt.Errorf("missing step")
		}
		err = s.join(st)
	case *ForgetChunk:
		if st == nil {
			return fmt.Errorf("missing step")
		}
		err = s.forget(st.Chunk)
	case *UnfoldChunk:
		if st == nil {
			return fmt.Errorf("missing step")
		}
		err = s.unfold(st.Chunk)
	case *FoldChunk:
		if st == nil {
			return fmt.Errorf("missing step")
		}
		err = s.fold(st)
	case *MatchChunk:
		if st == nil {
			return fmt.Errorf("missing step")
		}
		err = s.match(st)
	case *UseFact:
		if st == nil {
			return fmt.Errorf("missing step")
		}
		err = s.useFact(st)
	default:
		return fmt.Errorf("unknown step %T", st)
	}
	if err != nil {
		return fmt.Errorf("step %d (%v): %w", s.nsteps-1, st, err)
	}
	return nil
}

func (s *Session) chunk(i int) (*sep.Pred, error) {
	if i < 0 || i >= len(s.chunks) {
		return nil, fmt.Errorf("chunk c%d out of range (%d chunks)", i, len(s.chunks))
	}
	if s.chunks[i] == nil {
		return nil, fmt.Errorf("chunk c%d was consumed", i)
	}
	return s.chunks[i], nil
}

func (s *Session) origin() string { return "step " + strconv.Itoa(s.nsteps-1) }

func (s *Session) elemSize(c *sep.Pred) (sep.Term, error) {
	n, err := sep.SizeOf(s.lz.env, c.Type)
	if err != nil {
		return nil, err
	}
	if n <= 0 {
		return nil, fmt.Errorf("%v has elements of size %d", c, n)
	}
	return sep.NewInt(n), nil
}

// offset returns p + k*size (p + k if size is nil).
func offset(p, k, size sep.Term) sep.Term {
	if size != nil {
		k = binT(sep.Mul, k, size)
	}
	return binT(sep.Add, p, k)
}

func (s *Session) split(st *SplitChunk) error {
	c, err := s.chunk(st.Chunk)
	if err != nil {
		return err
	}
	if st.At == nil {
		return fmt.Errorf("missing split offset")
	}
	if err := s.lz.sorts.term(st.At, sortInt, nil); err != nil {
		return err
	}
	collectNames(st.At, s.allNames)
	at, zero := st.At, sep.NewInt(0)
	var n, size sep.Term
	var first, second *sep.Pred
	a := c.Args
	switch c.Name {
	case "chars", "undef_chars":
		n = a[1]
		first = &sep.Pred{Name: c.Name, Args: []sep.Term{a[0], at}}
		second = &sep.Pred{Name: c.Name, Args: []sep.Term{offset(a[0], at, nil), binT(sep.Sub, n, at)}}
	case "array", "undef_array":
		if size, err = s.elemSize(c); err != nil {
			return err
		}
		n = a[1]
		first = &sep.Pred{Name: c.Name, Type: c.Type, Args: []sep.Term{a[0], at}}
		second = &sep.Pred{Name: c.Name, Type: c.Type, Args: []sep.Term{offset(a[0], at, size), binT(sep.Sub, n, at)}}
	case "store_chars":
		n = binT(sep.Sub, a[1], a[0])
		first = &sep.Pred{Name: c.Name, Args: []sep.Term{a[0], offset(a[0], at, nil)}}
		second = &sep.Pred{Name: c.Name, Args: []sep.Term{offset(a[0], at, nil), a[1]}}
	default:
		return fmt.Errorf("cannot split %v", c)
	}
	if c.Name == "chars" || c.Name == "array" {
		l := a[2]
		first.Args = append(first.Args, &sep.Slice{X: l, Lo: zero, Hi: at})
		second.Args = append(second.Args, &sep.Slice{X: l, Lo: at, Hi: n})
	}
	if err := s.addObligation(andF(cmpF(sep.Le, zero, at), cmpF(sep.Le, at, n)), s.origin()); err != nil {
		return err
	}
	s.chunks[st.Chunk] = first
	s.chunks = append(s.chunks, second)
	return nil
}

func (s *Session) join(st *JoinChunks) error {
	if st.A == st.B {
		return fmt.Errorf("join of c%d with itself", st.A)
	}
	a, err := s.chunk(st.A)
	if err != nil {
		return err
	}
	b, err := s.chunk(st.B)
	if err != nil {
		return err
	}
	if a.Name != b.Name || !sep.TypeEqual(a.Type, b.Type) {
		return fmt.Errorf("cannot join %v and %v", a, b)
	}
	var adj sep.Formula
	var out *sep.Pred
	switch a.Name {
	case "chars", "undef_chars", "array", "undef_array":
		var size sep.Term
		if a.Type != nil {
			if size, err = s.elemSize(a); err != nil {
				return err
			}
		}
		adj = cmpF(sep.Eq, b.Args[0], offset(a.Args[0], a.Args[1], size))
		out = &sep.Pred{Name: a.Name, Type: a.Type, Args: []sep.Term{a.Args[0], binT(sep.Add, a.Args[1], b.Args[1])}}
		if a.Name == "chars" || a.Name == "array" {
			out.Args = append(out.Args, &sep.Concat{X: a.Args[2], Y: b.Args[2]})
		}
	case "store_chars":
		adj = cmpF(sep.Eq, b.Args[0], a.Args[1])
		out = &sep.Pred{Name: a.Name, Args: []sep.Term{a.Args[0], b.Args[1]}}
	default:
		return fmt.Errorf("cannot join %v", a)
	}
	if err := s.addObligation(adj, s.origin()); err != nil {
		return err
	}
	s.chunks[st.A] = out
	s.chunks[st.B] = nil
	return nil
}

func (s *Session) forget(i int) error {
	c, err := s.chunk(i)
	if err != nil {
		return err
	}
	var out *sep.Pred
	switch c.Name {
	case "chars":
		out = &sep.Pred{Name: "undef_chars", Args: []sep.Term{c.Args[0], c.Args[1]}}
	case "array":
		out = &sep.Pred{Name: "undef_array", Type: c.Type, Args: []sep.Term{c.Args[0], c.Args[1]}}
	case "undef_array":
		size, err := s.elemSize(c)
		if err != nil {
			return err
		}
		out = &sep.Pred{Name: "undef_chars", Args: []sep.Term{c.Args[0], binT(sep.Mul, c.Args[1], size)}}
	case "data_at":
		n, err := sep.SizeOf(s.lz.env, c.Type)
		if err != nil {
			return err
		}
		out = &sep.Pred{Name: "undef_chars", Args: []sep.Term{c.Args[0], sep.NewInt(n)}}
	default:
		st, ok := strings.CutPrefix(c.Name, "store_")
		if !ok || c.Name == "store_chars" {
			return fmt.Errorf("cannot forget the contents of %v", c)
		}
		n, err := sep.SizeOf(s.lz.env, &sep.StructType{Name: st})
		if err != nil {
			return err
		}
		out = &sep.Pred{Name: "undef_chars", Args: []sep.Term{c.Args[0], sep.NewInt(n)}}
	}
	s.chunks[i] = out
	return nil
}

func (s *Session) unfold(i int) error {
	c, err := s.chunk(i)
	if err != nil {
		return err
	}
	if c.Name == "data_at" {
		ty, ok := c.Type.(*sep.IntType)
		if !ok || (ty.Size != 1 && ty.Size != 2 && ty.Size != 4 && ty.Size != 8) {
			return fmt.Errorf("cannot unfold %v: not an integer type", c)
		}
		s.chunks[i] = &sep.Pred{Name: "chars", Args: []sep.Term{c.Args[0], sep.NewInt(int64(ty.Size)), ByteList(c.Args[1], ty.Size)}}
		return nil
	}
	name, ok := strings.CutPrefix(c.Name, "store_")
	if !ok || name == "chars" {
		return fmt.Errorf("cannot unfold %v", c)
	}
	out, err := s.unfoldStruct(c.Args[0], name)
	if err != nil {
		return err
	}
	s.chunks[i] = out[0]
	s.chunks = append(s.chunks, out[1:]...)
	return nil
}

func (s *Session) fold(st *FoldChunk) error {
	c, err := s.chunk(st.Chunk)
	if err != nil {
		return err
	}
	ty, ok := st.Type.(*sep.IntType)
	if !ok || (ty.Size != 1 && ty.Size != 2 && ty.Size != 4 && ty.Size != 8) {
		return fmt.Errorf("cannot fold to %v: not an integer type", st.Type)
	}
	if c.Name != "chars" {
		return fmt.Errorf("cannot fold %v: not chars", c)
	}
	if err := s.addObligation(cmpF(sep.Eq, c.Args[1], sep.NewInt(int64(ty.Size))), s.origin()); err != nil {
		return err
	}
	s.chunks[st.Chunk] = &sep.Pred{Name: "data_at", Type: ty, Args: []sep.Term{c.Args[0], FoldBytes(c.Args[2], ty)}}
	return nil
}

// FoldBytes returns the value of type ty whose little-endian bytes are
// l[0], …, l[sizeof(ty)-1]: l[0] + 256*l[1] + …, minus 2^(8*size) times
// l[size-1] >> 7 if ty is signed.
func FoldBytes(l sep.Term, ty *sep.IntType) sep.Term {
	var v sep.Term
	for k := 0; k < ty.Size; k++ {
		b := idxT(l, sep.NewInt(int64(k)))
		if k > 0 {
			b = binT(sep.Mul, b, bigT(new(big.Int).Lsh(big.NewInt(1), uint(8*k))))
			v = binT(sep.Add, v, b)
		} else {
			v = b
		}
	}
	if ty.Signed {
		top := binT(sep.Shr, idxT(l, sep.NewInt(int64(ty.Size-1))), sep.NewInt(7))
		v = binT(sep.Sub, v, binT(sep.Mul, bigT(new(big.Int).Lsh(big.NewInt(1), uint(8*ty.Size))), top))
	}
	return v
}

// ByteList returns the list of the n little-endian bytes of v:
// [v & 255, (v >> 8) & 255, …].
func ByteList(v sep.Term, n int) *sep.ListLit {
	l := &sep.ListLit{}
	for k := 0; k < n; k++ {
		x := v
		if k > 0 {
			x = binT(sep.Shr, v, sep.NewInt(int64(8*k)))
		}
		l.Elems = append(l.Elems, binT(sep.BitAnd, x, sep.NewInt(255)))
	}
	return l
}

// unfoldStruct returns the chunks of struct name at p: one per field (or
// bit-field storage unit), with fresh constants for the values, and
// undef_chars for the padding.
func (s *Session) unfoldStruct(p sep.Term, name string) ([]*sep.Pred, error) {
	l, ok := s.lz.env.Struct(name)
	if !ok {
		return nil, fmt.Errorf("struct %s is not defined", name)
	}
	fields := append([]sep.StructField(nil), l.Fields...)
	gosort.SliceStable(fields, func(i, j int) bool { return fields[i].Offset < fields[j].Offset })
	var out []*sep.Pred
	end := int64(0)
	at := func(off int64) sep.Term {
		if off == 0 {
			return p
		}
		return binT(sep.Add, p, sep.NewInt(off))
	}
	for _, f := range fields {
		size, err := sep.SizeOf(s.lz.env, f.Type)
		if err != nil {
			return nil, err
		}
		if f.BitSize != 0 && f.Offset < end && f.Offset+size <= end {
			continue // another bit-field of a storage unit already emitted
		}
		if f.Offset < end || size < 0 || f.Offset+size > l.Size {
			return nil, fmt.Errorf("struct %s: field %s overlaps or overflows", name, f.Name)
		}
		if f.Offset > end {
			out = append(out, &sep.Pred{Name: "undef_chars", Args: []sep.Term{at(end), sep.NewInt(f.Offset - end)}})
		}
		var c *sep.Pred
		switch ty := f.Type.(type) {
		case *sep.IntType:
			v := sep.NewVar(s.fresh(f.Name, false))
			s.lz.sorts.m[v.Name] = sortInt
			c = &sep.Pred{Name: "data_at", Type: ty, Args: []sep.Term{at(f.Offset), v}}
		case *sep.StructType:
			c = &sep.Pred{Name: "store_" + ty.Name, Args: []sep.Term{at(f.Offset)}}
		case *sep.ArrayType:
			if et, ok := ty.Elem.(*sep.IntType); ok {
				v := sep.NewVar(s.fresh(f.Name, false))
				s.lz.sorts.m[v.Name] = sortList
				if et.Size == 1 && !et.Signed {
					c = &sep.Pred{Name: "chars", Args: []sep.Term{at(f.Offset), sep.NewInt(ty.Len), v}}
				} else {
					c = &sep.Pred{Name: "array", Type: et, Args: []sep.Term{at(f.Offset), sep.NewInt(ty.Len), v}}
				}
			}
		}
		if c == nil {
			c = &sep.Pred{Name: "undef_chars", Args: []sep.Term{at(f.Offset), sep.NewInt(size)}}
		}
		out = append(out, c)
		end = f.Offset + size
	}
	if end < l.Size {
		out = append(out, &sep.Pred{Name: "undef_chars", Args: []sep.Term{at(end), sep.NewInt(l.Size - end)}})
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("struct %s is empty", name)
	}
	return out, nil
}

func (s *Session) match(st *MatchChunk) error {
	if !s.witnessed {
		return fmt.Errorf("match before the witnesses are given")
	}
	c, err := s.chunk(st.Chunk)
	if err != nil {
		return err
	}
	if st.Goal < 0 || st.Goal >= len(s.goalChunks) {
		return fmt.Errorf("goal chunk g%d out of range (%d goal chunks)", st.Goal, len(s.goalChunks))
	}
	if s.matched[st.Goal] {
		return fmt.Errorf("goal chunk g%d matched twice", st.Goal)
	}
	g := s.goalChunks[st.Goal]
	if c.Name != g.Name || !sep.TypeEqual(c.Type, g.Type) || len(c.Args) != len(g.Args) {
		return fmt.Errorf("%v does not match %v", c, g)
	}
	if err := s.argsEqual(c, g); err != nil {
		return err
	}
	s.chunks[st.Chunk] = nil
	s.matched[st.Goal] = true
	return nil
}

// argsEqual adds the obligations that the arguments of a and b are equal;
// map arguments must be identical.
func (s *Session) argsEqual(a, b *sep.Pred) error {
	ks, err := predSorts(a)
	if err != nil {
		return err
	}
	for i, k := range ks {
		if k == sortMap {
			x, err := mapKey(a.Args[i])
			if err != nil {
				return err
			}
			y, err := mapKey(b.Args[i])
			if err != nil {
				return err
			}
			if x != y {
				return fmt.Errorf("maps %v and %v differ", a.Args[i], b.Args[i])
			}
			continue
		}
		if err := s.addObligation(cmpF(sep.Eq, a.Args[i], b.Args[i]), s.origin()); err != nil {
			return err
		}
	}
	return nil
}

func (s *Session) useFact(st *UseFact) error {
	if !s.witnessed {
		return fmt.Errorf("fact before the witnesses are given")
	}
	if st.Fact < 0 || st.Fact >= len(s.facts) {
		return fmt.Errorf("fact f%d out of range (%d facts)", st.Fact, len(s.facts))
	}
	if st.Goal < 0 || st.Goal >= len(s.goalPure) {
		return fmt.Errorf("goal fact g%d out of range (%d goal facts)", st.Goal, len(s.goalPure))
	}
	h, ok1 := s.facts[st.Fact].(*sep.Pred)
	g, ok2 := s.goalPure[st.Goal].(*sep.Pred)
	if !ok1 || !ok2 || h.Owned() || g.Owned() || h.Name != g.Name || len(h.Args) != len(g.Args) {
		return fmt.Errorf("fact %v does not prove %v", s.facts[st.Fact], s.goalPure[st.Goal])
	}
	if s.usedFact[st.Goal] {
		return fmt.Errorf("goal fact g%d proved twice", st.Goal)
	}
	if err := s.argsEqual(h, g); err != nil {
		return err
	}
	s.usedFact[st.Goal] = true
	return nil
}
