package sep

import "testing"

// TestMalformedASTs checks that hand-built ASTs with missing parts do not
// make the package panic.
func TestMalformedASTs(t *testing.T) {
	terms := []Term{&Int{}, &Binary{Op: Add}, &Binary{Op: 99, X: NewInt(1), Y: NewInt(2)}, &Unary{Op: 7},
		&Cast{}, &Cast{X: NewInt(1)}, &Call{Fun: "value_size"}, &Slice{}, &Update{}, &Concat{}, &Len{},
		&Repeat{}, &ListLit{Elems: []Term{nil}}, &Deref{}, &AddrOf{}, &Sizeof{}, &Offsetof{}, &Field{}, &Index{}}
	forms := []Formula{&Exists{}, &Forall{Vars: []Ident{{Name: "x"}}}, &Pred{Name: "chars"}, &Cmp{Op: 42},
		&Not{}, &And{}, &Or{}, &Implies{}, &Sep{}, &Pred{Name: "array", Args: []Term{NewVar("p")}}}
	for _, x := range terms {
		forms = append(forms, &Cmp{Op: Eq, X: x, Y: x})
	}
	for _, f := range forms {
		_ = f.String()
		_ = Equal(f, f)
		_ = FreeVars(f)
		_ = Subst(f, map[string]Term{"x": NewVar("y")})
		_, _ = Normalize(f)
		_ = Check(f, nil)
		_, _ = EvalFormula(f, nil)
		_ = IsSpatial(f)
	}
}
