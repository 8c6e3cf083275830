package proofs

import (
	"fmt"
	"math/big"
	"slices"
	"strconv"
	"strings"

	"vep/sep"
)

// AtomTable names the atoms of the linear forms built from sep terms. Each
// atom stands for a variable or for an opaque term (x*y, l[i], (u32)x,
// value_size(m), …) and is keyed by a canonical text in which every integer
// sub-term is replaced by its linear form, so l[i+1] and l[1+i] are one atom.
// Two terms get the same atom only if they denote the same value.
type AtomTable struct {
	keys  []string
	terms []sep.Term
	lins  []Lin // Var(a) for each atom a, built once
	index map[string]Atom
}

// NewAtomTable returns an empty table.
func NewAtomTable() *AtomTable { return &AtomTable{index: map[string]Atom{}} }

// Len returns the number of atoms.
func (t *AtomTable) Len() int { return len(t.keys) }

// Key returns the canonical key of atom a: a variable's name, or the
// canonical text of an opaque term.
func (t *AtomTable) Key(a Atom) string {
	if int(a) >= len(t.keys) {
		return a.String()
	}
	return t.keys[a]
}

// Term returns a sep term that atom a stands for.
func (t *AtomTable) Term(a Atom) sep.Term {
	if int(a) >= len(t.terms) {
		return nil
	}
	return t.terms[a]
}

// truncate forgets the atoms numbered n and above.
func (t *AtomTable) truncate(n int) {
	for _, k := range t.keys[n:] {
		delete(t.index, k)
	}
	t.keys = t.keys[:n]
	t.terms = t.terms[:n]
	t.lins = t.lins[:n]
}

func (t *AtomTable) atom(key string, term sep.Term) Atom {
	if a, ok := t.index[key]; ok {
		return a
	}
	a := Atom(len(t.keys))
	t.keys = append(t.keys, key)
	t.terms = append(t.terms, term)
	// The slot after the end of lins is either empty or, after a
	// truncation, holds Var(a) already (slot i only ever holds Var(i)).
	if n := len(t.lins); n < cap(t.lins) && t.lins[:n+1][n].terms != nil {
		t.lins = t.lins[:n+1]
	} else {
		t.lins = append(t.lins, Lin{terms: []Term{{a, small(1)}}}) // Var(a)
	}
	t.index[key] = a
	return a
}

// lin returns the form 1·a of the atom keyed key, creating the atom if new.
func (t *AtomTable) lin(key string, term sep.Term) Lin { return t.lins[t.atom(key, term)] }

// Linearization limits.
const (
	maxTermDepth = 200  // nesting of a term
	maxShift     = 4096 // largest constant shift that becomes a coefficient
	maxLinBits   = 4096 // largest coefficient of a linearized term
)

// linearizer turns sep terms into linear forms over the atoms of a table.
// Sizes of types come from env. It is the only place where the meaning of
// a term becomes arithmetic, so it is trusted: Lin(t) must denote the value
// of t in every state (for the opaque atoms, the value of the opaque term).
type linearizer struct {
	atoms *AtomTable
	env   sep.TypeEnv
	sorts *sorts
	depth int
}

func (lz *linearizer) enter() error {
	lz.depth++
	if lz.depth > maxTermDepth {
		return fmt.Errorf("term nested deeper than %d", maxTermDepth)
	}
	return nil
}

func (lz *linearizer) leave() { lz.depth-- }

// lin returns the linear form of the integer term t.
func (lz *linearizer) lin(t sep.Term) (Lin, error) {
	if err := lz.enter(); err != nil {
		return Lin{}, err
	}
	l, err := lz.lin1(t)
	lz.leave()
	return l, err
}

// lin1 is lin inside enter and leave.
func (lz *linearizer) lin1(t sep.Term) (Lin, error) {
	switch t := t.(type) {
	case nil:
		return Lin{}, fmt.Errorf("missing term")
	case *sep.Int:
		if t.Val == nil {
			return Lin{}, fmt.Errorf("literal without a value")
		}
		if t.Val.BitLen() > maxLinBits {
			return Lin{}, fmt.Errorf("literal of %d bits", t.Val.BitLen())
		}
		return Lin{c: intCopy(t.Val)}, nil // NewLin(t.Val)
	case *sep.Var, *sep.Reg:
		k, _ := sep.Key(t)
		if lz.sorts.m[k] == sortList || lz.sorts.m[k] == sortMap {
			return Lin{}, fmt.Errorf("%s is %v, not an integer", k, lz.sorts.m[k])
		}
		return lz.atoms.lin(k, t), nil
	case *sep.Unary:
		x, err := lz.lin(t.X)
		if err != nil {
			return Lin{}, err
		}
		neg := linScale(x, big.NewInt(-1))
		if t.Op == sep.BitNot { // ~x == -x - 1 in two's complement
			return linAddConst(neg, -1), nil
		}
		if t.Op != sep.Neg {
			return Lin{}, fmt.Errorf("unknown unary operator in %v", t)
		}
		return neg, nil
	case *sep.Binary:
		return lz.binary(t)
	case *sep.Sizeof:
		n, err := sep.SizeOf(lz.env, t.Type)
		if err != nil {
			return Lin{}, err
		}
		return Const(n), nil
	case *sep.Offsetof:
		n, _, err := sep.OffsetOf(lz.env, t.Type, t.Field)
		if err != nil {
			return Lin{}, err
		}
		return Const(n), nil
	case *sep.Slice, *sep.Update, *sep.Concat, *sep.Repeat, *sep.ListLit:
		return Lin{}, fmt.Errorf("%v is a list, not an integer", t)
	}
	key, err := lz.opaqueKey(t)
	if err != nil {
		return Lin{}, err
	}
	return lz.atoms.lin(key, t), nil
}

func (lz *linearizer) binary(t *sep.Binary) (Lin, error) {
	x, err := lz.lin(t.X)
	if err != nil {
		return Lin{}, err
	}
	y, err := lz.lin(t.Y)
	if err != nil {
		return Lin{}, err
	}
	var r Lin
	switch t.Op {
	case sep.Add:
		r = linMerge(x, y, false)
	case sep.Sub:
		r = linMerge(x, y, true)
	case sep.Mul:
		switch {
		case x.IsConst():
			r = linScale(y, x.Constant())
		case y.IsConst():
			r = linScale(x, y.Constant())
		default:
			return lz.opaque(t, x, y)
		}
	case sep.Shl:
		c := y.Constant()
		if !y.IsConst() || c.Sign() < 0 || c.Cmp(big.NewInt(maxShift)) > 0 {
			return lz.opaque(t, x, y)
		}
		r = linScale(x, new(big.Int).Lsh(big.NewInt(1), uint(c.Int64())))
	default:
		if x.IsConst() && y.IsConst() {
			if v, ok := foldConst(t.Op, x.Constant(), y.Constant()); ok {
				r = NewLin(v)
				break
			}
		}
		return lz.opaque(t, x, y)
	}
	if r.maxBits() > maxLinBits {
		return Lin{}, fmt.Errorf("coefficient of %v exceeds %d bits", t, maxLinBits)
	}
	return r, nil
}

// foldConst evaluates x op y for the non-linear operators with C's meaning
// (see sep.BinaryOp). It reports false where the result is unspecified
// (division by zero) or the shift is out of bounds.
func foldConst(op sep.BinaryOp, x, y *big.Int) (*big.Int, bool) {
	z := new(big.Int)
	switch op {
	case sep.Div, sep.Rem:
		if y.Sign() == 0 {
			return nil, false
		}
		if op == sep.Div {
			return z.Quo(x, y), true
		}
		return z.Rem(x, y), true
	case sep.BitAnd:
		return z.And(x, y), true
	case sep.BitOr:
		return z.Or(x, y), true
	case sep.BitXor:
		return z.Xor(x, y), true
	case sep.Shr:
		if y.Sign() < 0 || y.Cmp(big.NewInt(maxShift)) > 0 {
			return nil, false
		}
		return z.Rsh(x, uint(y.Int64())), true
	}
	return nil, false
}

var binOpText = map[sep.BinaryOp]string{
	sep.Add: "+", sep.Sub: "-", sep.Mul: "*", sep.Div: "/", sep.Rem: "%",
	sep.BitAnd: "&", sep.BitOr: "|", sep.BitXor: "^", sep.Shl: "<<", sep.Shr: ">>",
}

func (lz *linearizer) opaque(t *sep.Binary, x, y Lin) (Lin, error) {
	op, ok := binOpText[t.Op]
	if !ok {
		return Lin{}, fmt.Errorf("unknown operator in %v", t)
	}
	key := "(" + lz.linKey(x) + " " + op + " " + lz.linKey(y) + ")"
	return lz.atoms.lin(key, t), nil
}

// linKey returns the canonical text of a linear form: its terms sorted by
// atom key, each key bracketed.
func (lz *linearizer) linKey(l Lin) string {
	type kt struct {
		key  string
		coef *big.Int
	}
	ts := make([]kt, 0, l.Len())
	size := 2 + 24
	for _, t := range l.terms {
		k := lz.atoms.keys[t.Atom]
		ts = append(ts, kt{k, t.Coef})
		size += len(k) + 4 + 24
	}
	// The atoms of l differ, and so do their keys: the order is total.
	slices.SortFunc(ts, func(x, y kt) int { return strings.Compare(x.key, y.key) })
	var b strings.Builder
	b.Grow(size)
	b.WriteByte('{')
	if l.c == nil {
		b.WriteByte('0') // writeInt(&b, l.Constant())
	} else {
		writeInt(&b, l.c)
	}
	for _, t := range ts {
		b.WriteByte('|')
		writeInt(&b, t.coef)
		b.WriteString("*[")
		b.WriteString(t.key)
		b.WriteByte(']')
	}
	b.WriteByte('}')
	return b.String()
}

// writeInt writes x in decimal, as x.String() does, without the cost of
// big.Int's general conversion for the common values that fit an int64.
func writeInt(b *strings.Builder, x *big.Int) {
	if x.IsInt64() {
		var buf [24]byte
		b.Write(strconv.AppendInt(buf[:0], x.Int64(), 10))
		return
	}
	b.WriteString(x.String())
}

// intKey returns the canonical text of the integer term t.
func (lz *linearizer) intKey(t sep.Term) (string, error) {
	l, err := lz.lin(t)
	if err != nil {
		return "", err
	}
	return lz.linKey(l), nil
}

// opaqueKey returns the key of an integer term that is not linear.
func (lz *linearizer) opaqueKey(t sep.Term) (string, error) {
	switch t := t.(type) {
	case *sep.Call:
		if len(t.Args) != 1 || t.Fun == "inner" {
			return "", fmt.Errorf("%v is not an integer", t)
		}
		m, err := mapKey(t.Args[0])
		if err != nil {
			return "", err
		}
		return "call(" + t.Fun + "," + m + ")", nil
	case *sep.Cast:
		x, err := lz.intKey(t.X)
		if err != nil {
			return "", err
		}
		if t.Type == nil {
			return "", fmt.Errorf("cast without a type")
		}
		return "cast(" + t.Type.String() + "," + x + ")", nil
	case *sep.Index:
		l, err := lz.listKey(t.X)
		if err != nil {
			return "", err
		}
		i, err := lz.intKey(t.I)
		if err != nil {
			return "", err
		}
		return "idx(" + l + "," + i + ")", nil
	case *sep.Len:
		l, err := lz.listKey(t.X)
		if err != nil {
			return "", err
		}
		return "len(" + l + ")", nil
	case *sep.Deref:
		x, err := lz.intKey(t.X)
		if err != nil {
			return "", err
		}
		return "deref(" + x + ")", nil
	case *sep.Field:
		if t.Arrow {
			x, err := lz.intKey(t.X)
			if err != nil {
				return "", err
			}
			return "arrow(" + x + "," + t.Name + ")", nil
		}
		return "raw(" + t.String() + ")", nil
	case *sep.AddrOf:
		return "raw(" + t.String() + ")", nil
	}
	return "", fmt.Errorf("cannot linearize %v", t)
}

func mapKey(t sep.Term) (string, error) {
	switch t := t.(type) {
	case *sep.Var:
		k, _ := sep.Key(t)
		return k, nil
	case *sep.Call:
		if t.Fun == "inner" && len(t.Args) == 1 {
			m, err := mapKey(t.Args[0])
			return "inner(" + m + ")", err
		}
	}
	return "", fmt.Errorf("%v is not a map", t)
}

// listKey returns the canonical text of the list term t.
func (lz *linearizer) listKey(t sep.Term) (string, error) {
	if err := lz.enter(); err != nil {
		return "", err
	}
	k, err := lz.listKey1(t)
	lz.leave()
	return k, err
}

// listKey1 is listKey inside enter and leave.
func (lz *linearizer) listKey1(t sep.Term) (string, error) {
	switch t := t.(type) {
	case *sep.Var:
		k, _ := sep.Key(t)
		if s := lz.sorts.m[k]; s == sortInt || s == sortMap {
			return "", fmt.Errorf("%s is %v, not a list", k, s)
		}
		return k, nil
	case *sep.Slice:
		x, err := lz.listKey(t.X)
		if err != nil {
			return "", err
		}
		lo, err := lz.intKey(t.Lo)
		if err != nil {
			return "", err
		}
		hi, err := lz.intKey(t.Hi)
		if err != nil {
			return "", err
		}
		return "slice(" + x + "," + lo + "," + hi + ")", nil
	case *sep.Update:
		x, err := lz.listKey(t.X)
		if err != nil {
			return "", err
		}
		i, err := lz.intKey(t.I)
		if err != nil {
			return "", err
		}
		v, err := lz.intKey(t.V)
		if err != nil {
			return "", err
		}
		return "upd(" + x + "," + i + "," + v + ")", nil
	case *sep.Concat:
		x, err := lz.listKey(t.X)
		if err != nil {
			return "", err
		}
		y, err := lz.listKey(t.Y)
		if err != nil {
			return "", err
		}
		return "cat(" + x + "," + y + ")", nil
	case *sep.Repeat:
		v, err := lz.intKey(t.V)
		if err != nil {
			return "", err
		}
		n, err := lz.intKey(t.N)
		if err != nil {
			return "", err
		}
		return "rep(" + v + "," + n + ")", nil
	case *sep.ListLit:
		var b strings.Builder
		b.WriteString("lit(")
		for i, e := range t.Elems {
			if i > 0 {
				b.WriteByte(',')
			}
			k, err := lz.intKey(e)
			if err != nil {
				return "", err
			}
			b.WriteString(k)
		}
		b.WriteByte(')')
		return b.String(), nil
	case nil:
		return "", fmt.Errorf("missing term")
	}
	return "", fmt.Errorf("%v is not a list", t)
}
