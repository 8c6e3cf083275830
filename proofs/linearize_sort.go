package proofs

import (
	"fmt"

	"vep/sep"
)

// sort is the kind of value a term denotes. Names whose sort no use
// determines are only ever compared for equality with each other, and are
// linearized as integer atoms (sound for lists as well: encode each list
// value injectively as an integer).
type sort uint8

const (
	sortUnknown sort = iota
	sortInt
	sortList
	sortMap // a map name: the argument of value_size and map_value
)

func (s sort) String() string {
	switch s {
	case sortInt:
		return "an integer"
	case sortList:
		return "a list"
	case sortMap:
		return "a map"
	}
	return "unknown"
}

// sorts infers and records the sort of every free name. A name used with two
// sorts makes the VC ill-sorted, which the kernel rejects.
type sorts struct {
	m map[string]sort
}

func (s *sorts) set(name string, k sort) error {
	if k == sortUnknown {
		return nil
	}
	old := s.m[name]
	if old == sortUnknown {
		s.m[name] = k
		return nil
	}
	if old != k {
		return fmt.Errorf("%s is used as %v and as %v", name, old, k)
	}
	return nil
}

// of returns the sort of t as far as it is known.
func (s *sorts) of(t sep.Term, bound map[string]int) sort {
	switch t := t.(type) {
	case *sep.Var:
		if bound[t.Name] > 0 {
			return sortUnknown
		}
		k, _ := sep.Key(t)
		return s.m[k]
	case *sep.Slice, *sep.Update, *sep.Concat, *sep.Repeat, *sep.ListLit:
		return sortList
	}
	return sortInt
}

// term checks t against the wanted sort and records the sorts of the free
// names in it. bound counts the quantified names in scope, which are
// skipped.
func (s *sorts) term(t sep.Term, want sort, bound map[string]int) error {
	if t == nil {
		return fmt.Errorf("missing term")
	}
	if _, isVar := t.(*sep.Var); !isVar && want != sortUnknown {
		if got := s.of(t, bound); want != got {
			if want == sortMap {
				return s.mapTerm(t, bound)
			}
			return fmt.Errorf("%v is %v, not %v", t, got, want)
		}
	}
	switch t := t.(type) {
	case *sep.Var:
		if bound[t.Name] > 0 {
			return nil
		}
		k, _ := sep.Key(t)
		if err := s.set(k, want); err != nil {
			return fmt.Errorf("in %v: %w", t, err)
		}
		return nil
	case *sep.Int, *sep.Reg, *sep.Sizeof, *sep.Offsetof:
		return nil
	case *sep.Unary:
		return s.term(t.X, sortInt, bound)
	case *sep.Binary:
		if err := s.term(t.X, sortInt, bound); err != nil {
			return err
		}
		return s.term(t.Y, sortInt, bound)
	case *sep.Call:
		if len(t.Args) != 1 || t.Fun == "inner" {
			return fmt.Errorf("%v is not an integer", t)
		}
		return s.mapTerm(t.Args[0], bound)
	case *sep.Cast:
		return s.term(t.X, sortInt, bound)
	case *sep.Field:
		if t.Arrow {
			return s.term(t.X, sortInt, bound)
		}
		return nil
	case *sep.Index:
		if err := s.term(t.X, sortList, bound); err != nil {
			return err
		}
		return s.term(t.I, sortInt, bound)
	case *sep.Slice:
		if err := s.term(t.X, sortList, bound); err != nil {
			return err
		}
		if err := s.term(t.Lo, sortInt, bound); err != nil {
			return err
		}
		return s.term(t.Hi, sortInt, bound)
	case *sep.Update:
		if err := s.term(t.X, sortList, bound); err != nil {
			return err
		}
		if err := s.term(t.I, sortInt, bound); err != nil {
			return err
		}
		return s.term(t.V, sortInt, bound)
	case *sep.Concat:
		if err := s.term(t.X, sortList, bound); err != nil {
			return err
		}
		return s.term(t.Y, sortList, bound)
	case *sep.Len:
		return s.term(t.X, sortList, bound)
	case *sep.Repeat:
		if err := s.term(t.V, sortInt, bound); err != nil {
			return err
		}
		return s.term(t.N, sortInt, bound)
	case *sep.ListLit:
		for _, e := range t.Elems {
			if err := s.term(e, sortInt, bound); err != nil {
				return err
			}
		}
		return nil
	case *sep.Deref:
		return s.term(t.X, sortInt, bound)
	case *sep.AddrOf:
		return nil
	}
	return fmt.Errorf("unknown term %T", t)
}

// mapTerm checks a map operand: a name or inner(m).
func (s *sorts) mapTerm(t sep.Term, bound map[string]int) error {
	switch t := t.(type) {
	case *sep.Var:
		if bound[t.Name] > 0 {
			return fmt.Errorf("map %v is a quantified variable", t)
		}
		k, _ := sep.Key(t)
		return s.set(k, sortMap)
	case *sep.Call:
		if t.Fun == "inner" && len(t.Args) == 1 {
			return s.mapTerm(t.Args[0], bound)
		}
	}
	return fmt.Errorf("%v is not a map", t)
}

// The argument sorts predSorts returns, shared: its callers only read them.
var (
	sortsIntIntList = [...]sort{sortInt, sortInt, sortList}
	sortsIntInt     = [...]sort{sortInt, sortInt}
	sortsMapInt     = [...]sort{sortMap, sortInt}
	sortsInt        = [...]sort{sortInt}
)

// predSorts returns the sorts of the term arguments of a predicate (shared;
// not to be modified).
func predSorts(p *sep.Pred) ([]sort, error) {
	var ks []sort
	switch p.Name {
	case "chars":
		ks = sortsIntIntList[:]
	case "array":
		ks = sortsIntIntList[:]
	case "undef_chars", "undef_array", "store_chars", "data_at":
		ks = sortsIntInt[:]
	case "map_value":
		ks = sortsMapInt[:]
	case "ctx":
		ks = sortsInt[:]
	default:
		if len(p.Name) > len("store_") && p.Name[:len("store_")] == "store_" {
			ks = sortsInt[:]
		} else {
			return nil, fmt.Errorf("unknown predicate %s", p.Name)
		}
	}
	if len(p.Args) != len(ks) {
		return nil, fmt.Errorf("%s has %d arguments, want %d", p.Name, len(p.Args), len(ks))
	}
	needType := p.Name == "array" || p.Name == "undef_array" || p.Name == "data_at"
	if needType != (p.Type != nil) {
		return nil, fmt.Errorf("%s: wrong type argument", p.Name)
	}
	return ks, nil
}

// formula records the sorts of the free names of f and checks that every
// comparison compares two integers or (with == and !=) two lists.
func (s *sorts) formula(f sep.Formula, bound map[string]int) error {
	switch f := f.(type) {
	case *sep.Bool, *sep.Emp:
		return nil
	case *sep.Cmp:
		kx, ky := s.of(f.X, bound), s.of(f.Y, bound)
		k := kx
		if k == sortUnknown {
			k = ky
		}
		if k == sortMap {
			return fmt.Errorf("%v compares maps", f)
		}
		if k == sortList && f.Op != sep.Eq && f.Op != sep.Ne {
			return fmt.Errorf("%v orders lists", f)
		}
		if f.Op != sep.Eq && f.Op != sep.Ne {
			k = sortInt
		}
		if err := s.term(f.X, k, bound); err != nil {
			return err
		}
		return s.term(f.Y, k, bound)
	case *sep.Pred:
		ks, err := predSorts(f)
		if err != nil {
			return err
		}
		for i, a := range f.Args {
			if err := s.term(a, ks[i], bound); err != nil {
				return err
			}
		}
		return nil
	case *sep.Not:
		return s.formula(f.X, bound)
	case *sep.And:
		return s.pair(f.X, f.Y, bound)
	case *sep.Or:
		return s.pair(f.X, f.Y, bound)
	case *sep.Implies:
		return s.pair(f.X, f.Y, bound)
	case *sep.Sep:
		return s.pair(f.X, f.Y, bound)
	case *sep.Exists:
		return s.binder(f.Vars, f.Body, bound)
	case *sep.Forall:
		return s.binder(f.Vars, f.Body, bound)
	case nil:
		return fmt.Errorf("missing formula")
	}
	return fmt.Errorf("unknown formula %T", f)
}

func (s *sorts) pair(x, y sep.Formula, bound map[string]int) error {
	if err := s.formula(x, bound); err != nil {
		return err
	}
	return s.formula(y, bound)
}

func (s *sorts) binder(vars []sep.Ident, body sep.Formula, bound map[string]int) error {
	for _, v := range vars {
		bound[v.Name]++
	}
	err := s.formula(body, bound)
	for _, v := range vars {
		bound[v.Name]--
	}
	return err
}

// isList reports whether t denotes a list.
func (s *sorts) isList(t sep.Term) bool { return s.of(t, nil) == sortList }
