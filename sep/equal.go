package sep

// Equal reports whether a and b are the same term or formula, ignoring
// positions. Bound variable names matter: exists x, P and exists y, P[y/x]
// are not Equal.
func Equal(a, b Node) bool {
	switch a := a.(type) {
	case nil:
		return b == nil
	case *Int:
		b, ok := b.(*Int)
		return ok && a.Val != nil && b.Val != nil && a.Val.Cmp(b.Val) == 0
	case *Var:
		b, ok := b.(*Var)
		return ok && a.Name == b.Name && a.Pre == b.Pre
	case *Reg:
		b, ok := b.(*Reg)
		return ok && a.N == b.N && a.Pre == b.Pre
	case *Unary:
		b, ok := b.(*Unary)
		return ok && a.Op == b.Op && Equal(a.X, b.X)
	case *Binary:
		b, ok := b.(*Binary)
		return ok && a.Op == b.Op && Equal(a.X, b.X) && Equal(a.Y, b.Y)
	case *Call:
		b, ok := b.(*Call)
		return ok && a.Fun == b.Fun && equalTerms(a.Args, b.Args)
	case *Cast:
		b, ok := b.(*Cast)
		return ok && TypeEqual(a.Type, b.Type) && Equal(a.X, b.X)
	case *Field:
		b, ok := b.(*Field)
		return ok && a.Name == b.Name && a.Arrow == b.Arrow && Equal(a.X, b.X)
	case *Index:
		b, ok := b.(*Index)
		return ok && Equal(a.X, b.X) && Equal(a.I, b.I)
	case *Slice:
		b, ok := b.(*Slice)
		return ok && Equal(a.X, b.X) && Equal(a.Lo, b.Lo) && Equal(a.Hi, b.Hi)
	case *Update:
		b, ok := b.(*Update)
		return ok && Equal(a.X, b.X) && Equal(a.I, b.I) && Equal(a.V, b.V)
	case *Concat:
		b, ok := b.(*Concat)
		return ok && Equal(a.X, b.X) && Equal(a.Y, b.Y)
	case *Len:
		b, ok := b.(*Len)
		return ok && Equal(a.X, b.X)
	case *Repeat:
		b, ok := b.(*Repeat)
		return ok && Equal(a.V, b.V) && Equal(a.N, b.N)
	case *ListLit:
		b, ok := b.(*ListLit)
		return ok && equalTerms(a.Elems, b.Elems)
	case *Deref:
		b, ok := b.(*Deref)
		return ok && Equal(a.X, b.X)
	case *AddrOf:
		b, ok := b.(*AddrOf)
		return ok && Equal(a.X, b.X)
	case *Sizeof:
		b, ok := b.(*Sizeof)
		return ok && TypeEqual(a.Type, b.Type)
	case *Offsetof:
		b, ok := b.(*Offsetof)
		return ok && TypeEqual(a.Type, b.Type) && a.Field == b.Field
	case *Bool:
		b, ok := b.(*Bool)
		return ok && a.Val == b.Val
	case *Emp:
		_, ok := b.(*Emp)
		return ok
	case *Cmp:
		b, ok := b.(*Cmp)
		return ok && a.Op == b.Op && Equal(a.X, b.X) && Equal(a.Y, b.Y)
	case *Pred:
		b, ok := b.(*Pred)
		return ok && a.Name == b.Name && TypeEqual(a.Type, b.Type) && equalTerms(a.Args, b.Args)
	case *Not:
		b, ok := b.(*Not)
		return ok && Equal(a.X, b.X)
	case *And:
		b, ok := b.(*And)
		return ok && Equal(a.X, b.X) && Equal(a.Y, b.Y)
	case *Or:
		b, ok := b.(*Or)
		return ok && Equal(a.X, b.X) && Equal(a.Y, b.Y)
	case *Implies:
		b, ok := b.(*Implies)
		return ok && Equal(a.X, b.X) && Equal(a.Y, b.Y)
	case *Sep:
		b, ok := b.(*Sep)
		return ok && Equal(a.X, b.X) && Equal(a.Y, b.Y)
	case *Exists:
		b, ok := b.(*Exists)
		return ok && equalIdents(a.Vars, b.Vars) && Equal(a.Body, b.Body)
	case *Forall:
		b, ok := b.(*Forall)
		return ok && equalIdents(a.Vars, b.Vars) && Equal(a.Body, b.Body)
	}
	return false
}

func equalTerms(a, b []Term) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if !Equal(a[i], b[i]) {
			return false
		}
	}
	return true
}

func equalIdents(a, b []Ident) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i].Name != b[i].Name {
			return false
		}
	}
	return true
}
