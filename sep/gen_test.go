package sep

import (
	"math/big"
	"math/rand"
)

// gen generates random ASTs that the printer and parser must agree on.
type gen struct {
	r    *rand.Rand
	mode Mode
}

var genNames = []string{"x", "y", "p", "q", "l", "n", "m", "cap", "k", "i", "len", "s"}

var genTypes = []Type{U8, U16, U32, U64, S8, S16, S32, S64, &BoolType{},
	&PointerType{Elem: U8}, &PointerType{Elem: &VoidType{}}, &PointerType{Elem: &StructType{Name: "iphdr"}},
	&PointerType{Elem: &PointerType{Elem: U32}}, &StructType{Name: "ethhdr"},
	&ArrayType{Elem: U8, Len: 6}, &ArrayType{Elem: &PointerType{Elem: S64}, Len: 2}}

var genFields = []struct{ st, f string }{{"iphdr", "ttl"}, {"iphdr", "daddr"}, {"ethhdr", "h_proto"}, {"udphdr", "len"}}

func (g *gen) name() string { return genNames[g.r.Intn(len(genNames))] }

func (g *gen) typ() Type { return genTypes[g.r.Intn(len(genTypes))] }

func (g *gen) leaf() Term {
	switch g.r.Intn(6) {
	case 0:
		return &Int{Val: big.NewInt(g.r.Int63n(200) - 100)}
	case 1:
		v, _ := new(big.Int).SetString("-123456789012345678901234567890", 10)
		if g.r.Intn(2) == 0 {
			v.Neg(v)
		}
		return &Int{Val: v}
	case 2:
		if g.mode == ModeBytecode {
			return &Reg{N: g.r.Intn(11), Pre: g.r.Intn(3) == 0}
		}
		return &Var{Name: "R" + string(rune('0'+g.r.Intn(10)))}
	case 3:
		return &Var{Name: ReturnName}
	}
	return &Var{Name: g.name(), Pre: g.r.Intn(4) == 0}
}

func (g *gen) term(depth int) Term {
	if depth <= 0 {
		return g.leaf()
	}
	d := depth - 1
	switch g.r.Intn(22) {
	case 0:
		return &Unary{Op: UnaryOp(g.r.Intn(2)), X: g.term(d)}
	case 1, 2, 3:
		return &Binary{Op: BinaryOp(g.r.Intn(int(Shr) + 1)), X: g.term(d), Y: g.term(d)}
	case 4:
		fun := []string{"value_size", "key_size", "max_entries", "inner"}[g.r.Intn(4)]
		return &Call{Fun: fun, Args: []Term{g.term(d)}}
	case 5:
		return &Cast{Type: g.typ(), X: g.term(d)}
	case 6:
		return &Field{X: g.term(d), Name: g.name(), Arrow: g.r.Intn(2) == 0}
	case 7:
		return &Index{X: g.term(d), I: g.term(d)}
	case 8:
		return &Slice{X: g.term(d), Lo: g.term(d), Hi: g.term(d)}
	case 9:
		return &Update{X: g.term(d), I: g.term(d), V: g.term(d)}
	case 10:
		return &Concat{X: g.term(d), Y: g.term(d)}
	case 11:
		return &Len{X: g.term(d)}
	case 12:
		return &Repeat{V: g.term(d), N: g.term(d)}
	case 13:
		elems := make([]Term, g.r.Intn(3))
		for i := range elems {
			elems[i] = g.term(d)
		}
		return &ListLit{Elems: elems}
	case 14:
		return &Deref{X: g.term(d)}
	case 15:
		var x Term
		switch g.r.Intn(4) {
		case 0:
			x = &Var{Name: g.name()}
		case 1:
			x = &Field{X: g.term(d), Name: g.name(), Arrow: g.r.Intn(2) == 0}
		case 2:
			x = &Index{X: g.term(d), I: g.term(d)}
		default:
			x = &Deref{X: g.term(d)}
		}
		return &AddrOf{X: x}
	case 16:
		return &Sizeof{Type: g.typ()}
	case 17:
		f := genFields[g.r.Intn(len(genFields))]
		return &Offsetof{Type: &StructType{Name: f.st}, Field: f.f}
	}
	return g.leaf()
}

func (g *gen) pred(d int) *Pred {
	names := []string{"chars", "array", "undef_chars", "undef_array", "store_chars", "data_at", "map_value", "ctx", "store_iphdr", "store_ethhdr"}
	name := names[g.r.Intn(len(names))]
	sig, _ := (&parser{env: KernelStructs()}).predSig(name)
	p := &Pred{Name: name}
	for _, k := range sig.params {
		if k == 'T' {
			p.Type = g.typ()
		} else {
			p.Args = append(p.Args, g.term(d))
		}
	}
	return p
}

func (g *gen) formula(depth int) Formula {
	d := depth - 1
	if depth <= 0 {
		switch g.r.Intn(4) {
		case 0:
			return &Bool{Val: g.r.Intn(2) == 0}
		case 1:
			return &Emp{}
		case 2:
			return g.pred(0)
		}
		return &Cmp{Op: CmpOp(g.r.Intn(int(Ge) + 1)), X: g.term(0), Y: g.term(0)}
	}
	switch g.r.Intn(10) {
	case 0, 1:
		return &Cmp{Op: CmpOp(g.r.Intn(int(Ge) + 1)), X: g.term(d), Y: g.term(d)}
	case 2:
		return g.pred(d)
	case 3:
		return &Not{X: g.formula(d)}
	case 4:
		return &And{X: g.formula(d), Y: g.formula(d)}
	case 5:
		return &Or{X: g.formula(d), Y: g.formula(d)}
	case 6:
		return &Implies{X: g.formula(d), Y: g.formula(d)}
	case 7:
		return &Sep{X: g.formula(d), Y: g.formula(d)}
	case 8, 9:
		vars := make([]Ident, 1+g.r.Intn(2))
		for i := range vars {
			vars[i] = Ident{Name: g.name()}
		}
		if g.r.Intn(2) == 0 {
			return &Exists{Vars: vars, Body: g.formula(d)}
		}
		return &Forall{Vars: vars, Body: g.formula(d)}
	}
	return g.formula(0)
}
